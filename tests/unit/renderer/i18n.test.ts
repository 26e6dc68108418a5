import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ACCOUNT_STATES } from '../../../src/shared/account-state';
import { CHAT_KINDS } from '../../../src/shared/archive-views';
import { CUSTOMER_STAGES, EXPORT_FORMATS } from '../../../src/shared/crm-views';
import { APP_ERROR_CODES } from '../../../src/shared/errors';
import { TILE_MODES } from '../../../src/shared/layout';
import { LANGUAGES, THEMES } from '../../../src/shared/settings';
import { COMPOSER_FAILURES, TRANSLATE_ERROR_CODES } from '../../../src/shared/translate-views';
import en from '../../../src/renderer/i18n/locales/en.json';
import zhCN from '../../../src/renderer/i18n/locales/zh-CN.json';
import { GROUP_SUBTYPES } from '../../../src/renderer/lib/message-kinds';
import { LABELLED_TYPES } from '../../../src/shared/vocabulary';

const RENDERER = fileURLToPath(new URL('../../../src/renderer', import.meta.url));
const LOCALES = { 'zh-CN': zhCN, en } as const;
const PLURAL = /_(zero|one|two|few|many|other)$/;

function flatten(obj: unknown, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [k, v] of Object.entries(obj as Record<string, unknown>)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (typeof v === 'string') out.set(key, v);
    else for (const [kk, vv] of flatten(v, key)) out.set(kk, vv);
  }
  return out;
}

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = path.join(dir, f);
    if (statSync(p).isDirectory()) return sources(p);
    return /\.tsx?$/.test(f) ? [p] : [];
  });
}

const flat = { 'zh-CN': flatten(LOCALES['zh-CN']), en: flatten(LOCALES.en) };
/** A key is present in a language as itself or as its plural forms (`_other` is required by both). */
const has = (lng: keyof typeof flat, key: string) => flat[lng].has(key) || flat[lng].has(`${key}_other`);
const base = (key: string) => key.replace(PLURAL, '');

/** Keys the code builds from a list (t(`state.${s}`)…): every member of the list must be translated. */
const DYNAMIC: Record<string, readonly string[]> = {
  state: ACCOUNT_STATES,
  kind: CHAT_KINDS,
  errors: APP_ERROR_CODES,
  'live.mode': TILE_MODES,
  'live.stateHint': ACCOUNT_STATES,
  'live.surface': ['starting', 'live'],
  'settings.languages': LANGUAGES,
  'settings.themes': THEMES,
  'settings.team': ['rep', 'admin'],
  'details.role': ['member', 'admin', 'superadmin'],
  'msg.ack': ['1', '2', '3', '4'],
  msgType: [...LABELLED_TYPES, 'image', 'sticker', 'document'],
  media: ['pending', 'failed', 'expired', 'too_large'],
  gp2: [...GROUP_SUBTYPES, 'other'],
  actions: ['start', 'stop', 'hibernate', 'wake', 'useHere', 'retry'],
  'banner.banned': ['title', 'body'],
  'banner.logged_out': ['title', 'body'],
  // customers, handover, exchange (issue 6)
  stage: CUSTOMER_STAGES,
  'exchange.formatHint': EXPORT_FORMATS,
  'customers.field': ['name', 'company', 'country', 'timeZone', 'language', 'owner'],
  'customers.placeholder': ['name', 'company', 'country', 'timeZone', 'language'],
  'handover.handover': ['title', 'hint', 'confirm', 'run', 'done'],
  'handover.offboard': ['title', 'hint', 'confirm', 'run', 'done'],
  'handover.step': ['choose', 'confirm', 'done'],
  'team.tab': ['dashboard', 'handover', 'offboard', 'transfer'],
  'handover': ['from', 'leaving'],
  // translation (issue 7)
  'translate.error': TRANSLATE_ERROR_CODES,
  'translate.insertFailed': COMPOSER_FAILURES,
  'translate.history.state': ['running', 'done', 'cancelled', 'failed'],
};

describe('UI strings (zh-CN default, English)', () => {
  it('has the same keys in both languages (plural forms aside)', () => {
    const keys = (lng: keyof typeof flat) => new Set([...flat[lng].keys()].map(base));
    expect([...keys('en')].filter((k) => !keys('zh-CN').has(k))).toEqual([]);
    expect([...keys('zh-CN')].filter((k) => !keys('en').has(k))).toEqual([]);
    for (const lng of ['zh-CN', 'en'] as const) {
      for (const [k, v] of flat[lng]) expect(v.trim(), `${lng} ${k}`).not.toBe('');
    }
  });

  it('translates every key the renderer uses, in both languages', () => {
    const used = new Set<string>();
    for (const file of sources(RENDERER)) {
      const text = readFileSync(file, 'utf8');
      for (const m of text.matchAll(/\bt\(\s*'([a-zA-Z0-9_.-]+)'/g)) used.add(m[1]!);
      for (const m of text.matchAll(/i18nKey="([a-zA-Z0-9_.-]+)"/g)) used.add(m[1]!);
      for (const m of text.matchAll(/(?:toast\([^,]+,\s*|key:\s*)'([a-z][a-zA-Z0-9]*\.[a-zA-Z0-9_.-]+)'/g)) used.add(m[1]!);
    }
    for (const [prefix, list] of Object.entries(DYNAMIC)) for (const item of list) used.add(`${prefix}.${item}`);
    expect(used.size).toBeGreaterThan(150);
    const missing = [...used].flatMap((k) => (['zh-CN', 'en'] as const).filter((l) => !has(l, k)).map((l) => `${l}: ${k}`));
    expect(missing).toEqual([]);
  });

  it('keeps Chinese strings free of untranslated English words and English strings free of Chinese', () => {
    const latin = /[A-Za-z]{3,}/g;
    const allowed = new Set(['WhatsApp', 'Switchboard', 'Ctrl', 'English', 'socks']);
    const zhLeaks = [...flat['zh-CN']].flatMap(([k, v]) =>
      (v.replace(/\{\{[^}]+\}\}|<\/?\w+>|\w+:\/\/\S+/g, '').match(latin) ?? []).filter((w) => !allowed.has(w)).map((w) => `${k}: ${w}`));
    expect(zhLeaks).toEqual([]);
    const enLeaks = [...flat.en].filter(([k, v]) => /\p{Script=Han}/u.test(v) && k !== 'settings.languages.zh-CN').map(([k]) => k);
    expect(enLeaks).toEqual([]);
  });
});
