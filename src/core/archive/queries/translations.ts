import { createHash } from 'node:crypto';
import type { Db } from '../open';
import { fromDb } from '../text-codec';
import { stmt } from './statements';
import type { ContactLanguageView, MessageTranslationView } from '../../../shared/translate-views';
import { UNTRANSLATABLE_TYPES } from '../../../shared/vocabulary';

/**
 * Reads for translation (issue 7; tables from migrations/002-translations.ts): the cache,
 * translations of a page of messages, what is left to translate in a chat, and the
 * per-chat / per-contact translation preferences.
 */

/** Identity of a text for the cache and for staleness: trimmed, NFC, sha256 hex. */
export function textHash(text: string): string {
  return createHash('sha256').update(text.trim().normalize('NFC'), 'utf8').digest('hex');
}

/** Message types that carry no translatable words even when body holds something. */
const SKIP_JSON = JSON.stringify(UNTRANSLATABLE_TYPES);

/** What a message says now, as the thread shows it: latest revision, else body, else caption. */
const CURRENT_TEXT = `coalesce((SELECT r.body FROM revisions r WHERE r.account_id = m.account_id AND r.msg_wa_id = m.wa_id
  ORDER BY r.edited_at DESC LIMIT 1), m.body, m.caption)`;

export interface CachedTranslation {
  hash: string;
  text: string;
  detectedLang: string | null;
}

export const CACHE_GET_SQL = `SELECT text_hash, text, detected_lang FROM translation_cache
  WHERE text_hash IN (SELECT value FROM json_each(?)) AND src_lang = ? AND dst_lang = ? AND provider = ? AND glossary_rev = ?`;

/** Cache hits for texts (by textHash) under one pair, provider and glossary revision. */
export function translationCacheGet(db: Db, args: { hashes: string[]; from: string; to: string; provider: string; glossaryRev?: string }): CachedTranslation[] {
  if (args.hashes.length === 0) return [];
  return (stmt(db, CACHE_GET_SQL).all(JSON.stringify(args.hashes), args.from, args.to, args.provider, args.glossaryRev ?? '') as
    { text_hash: string; text: unknown; detected_lang: string | null }[])
    .map((r) => ({ hash: r.text_hash, text: fromDb(r.text) ?? '', detectedLang: r.detected_lang }));
}

export type MessageTranslation = MessageTranslationView;

export const MESSAGE_TRANSLATIONS_SQL = `SELECT t.msg_wa_id, t.lang, t.text, t.src_lang, t.provider, t.translated_at, t.source_hash,
    (SELECT ${CURRENT_TEXT} FROM messages m WHERE m.account_id = t.account_id AND m.wa_id = t.msg_wa_id) AS current
  FROM message_translations t
  WHERE t.account_id = ? AND t.msg_wa_id IN (SELECT value FROM json_each(?)) AND t.lang = ?`;

/** Translations of a page of messages into `lang` (what the UI shows under each original). */
export function messageTranslations(db: Db, args: { accountId: string; messageIds: string[]; lang: string }): MessageTranslation[] {
  if (args.messageIds.length === 0) return [];
  return (stmt(db, MESSAGE_TRANSLATIONS_SQL).all(args.accountId, JSON.stringify(args.messageIds), args.lang) as TranslationRow[])
    .map((r) => translationView({ ...r, text: fromDb(r.text), current: fromDb(r.current) }));
}

export interface TranslationRow {
  msg_wa_id: string; lang: string; text: unknown; src_lang: string | null; provider: string; translated_at: number; source_hash: string; current: unknown;
}

/** A stored translation as the UI shows it under its message (text decoded by the engine): one mapping for both archives. */
export function translationView(r: TranslationRow & { text: string | null; current: string | null }): MessageTranslation {
  return {
    messageId: r.msg_wa_id,
    lang: r.lang,
    text: r.text ?? '',
    srcLang: r.src_lang,
    provider: r.provider,
    translatedAt: r.translated_at,
    stale: r.current !== null && textHash(r.current) !== r.source_hash,
  };
}

/** MESSAGE_TRANSLATIONS_SQL's columns and rule, for engines that take the ids as an array. */
export const MESSAGE_TRANSLATIONS_SELECT = MESSAGE_TRANSLATIONS_SQL.slice(0, MESSAGE_TRANSLATIONS_SQL.indexOf('WHERE t.account_id'));

export interface TranslatableMessage {
  messageId: string;
  sortKey: number;
  senderId: string | null;
  fromMe: boolean;
  text: string;
}

export const UNTRANSLATED_PAGE_SQL = `SELECT m.wa_id, m.sort_key, m.sender_wa_id, m.from_me, ${CURRENT_TEXT} AS text, t.source_hash
  FROM messages m LEFT JOIN message_translations t ON t.account_id = m.account_id AND t.msg_wa_id = m.wa_id AND t.lang = ?
  WHERE m.chat_id = ? AND m.sort_key < ? AND m.type NOT IN (SELECT value FROM json_each(?))
  ORDER BY m.sort_key DESC LIMIT ?`;

function chatRowId(db: Db, accountId: string, chatId: string): number | null {
  const r = stmt(db, 'SELECT id FROM chats WHERE account_id = ? AND wa_id = ?').get(accountId, chatId) as { id: number } | undefined;
  return r?.id ?? null;
}

interface ScanRow { wa_id: string; sort_key: number; sender_wa_id: string | null; from_me: number; text: unknown; source_hash: string | null }

/** Rows of a chat, newest first from `before`, with their current text and translation state. */
function* scan(db: Db, chat: number, lang: string, before: number): Generator<ScanRow & { current: string | null }> {
  const page = stmt(db, UNTRANSLATED_PAGE_SQL);
  let cursor = before;
  for (;;) {
    const rows = page.all(lang, chat, cursor, SKIP_JSON, 500) as ScanRow[];
    for (const r of rows) yield { ...r, current: fromDb(r.text) };
    if (rows.length < 500) return;
    cursor = rows[rows.length - 1]!.sort_key;
  }
}

const needs = (r: { current: string | null; source_hash: string | null }): boolean =>
  r.current !== null && r.current.trim().length > 0 && (r.source_hash === null || r.source_hash !== textHash(r.current));

/**
 * Messages of a chat with text but no up-to-date translation into `lang`, newest first,
 * starting before `before` (a sortKey). `next` continues the walk; null when the chat is done.
 */
export function untranslatedMessages(db: Db, args: {
  accountId: string; chatId: string; lang: string; before?: number; limit?: number; incomingOnly?: boolean;
}): { messages: TranslatableMessage[]; next: number | null } {
  const limit = Math.min(Math.max(args.limit ?? 100, 1), 1000);
  const chat = chatRowId(db, args.accountId, args.chatId);
  if (chat === null) return { messages: [], next: null };
  const out: TranslatableMessage[] = [];
  for (const r of scan(db, chat, args.lang, args.before ?? Number.MAX_SAFE_INTEGER)) {
    if (args.incomingOnly && r.from_me === 1) continue;
    if (!needs(r)) continue;
    out.push({ messageId: r.wa_id, sortKey: r.sort_key, senderId: r.sender_wa_id, fromMe: r.from_me === 1, text: r.current! });
    if (out.length === limit) return { messages: out, next: r.sort_key };
  }
  return { messages: out, next: null };
}

/** How much of a chat has an up-to-date translation into `lang` (for progress bars). */
export function translationProgress(db: Db, args: { accountId: string; chatId: string; lang: string; incomingOnly?: boolean }): {
  translatable: number; translated: number; remaining: number;
} {
  const chat = chatRowId(db, args.accountId, args.chatId);
  let translatable = 0;
  let remaining = 0;
  if (chat !== null) {
    for (const r of scan(db, chat, args.lang, Number.MAX_SAFE_INTEGER)) {
      if ((args.incomingOnly && r.from_me === 1) || r.current === null || r.current.trim().length === 0) continue;
      translatable++;
      if (needs(r)) remaining++;
    }
  }
  return { translatable, translated: translatable - remaining, remaining };
}

export type ContactLanguage = ContactLanguageView;

export interface TranslatePrefsView {
  chat: { autoTranslate: boolean | null; targetLang: string | null };
  contact: { autoTranslate: boolean | null; targetLang: string | null } | null;
  /** Chat setting over contact setting; off and null when neither says. */
  effective: { autoTranslate: boolean; targetLang: string | null };
  contactLanguage: ContactLanguage | null;
}

interface PrefRow {
  wa_id: string;
  auto_translate: number | null;
  target_lang: string | null;
  lang_override: string | null;
  detected_lang: string | null;
  detected_confidence: number | null;
  detected_samples: number | null;
  detected_at: number | null;
}

export const PREFS_SQL = `SELECT wa_id, auto_translate, target_lang, lang_override, detected_lang, detected_confidence, detected_samples, detected_at
  FROM translate_prefs WHERE account_id = ? AND scope = ? AND wa_id IN (SELECT value FROM json_each(?))`;

function prefRows(db: Db, accountId: string, scope: 'chat' | 'contact', ids: string[]): Map<string, PrefRow> {
  return new Map((stmt(db, PREFS_SQL).all(accountId, scope, JSON.stringify(ids)) as PrefRow[]).map((r) => [r.wa_id, r]));
}

function contactLanguageOf(contactId: string, r: PrefRow | undefined): ContactLanguage {
  const detected = r?.detected_lang
    ? { lang: r.detected_lang, confidence: r.detected_confidence ?? 0, samples: r.detected_samples ?? 0, at: r.detected_at ?? 0 }
    : null;
  const override = r?.lang_override ?? null;
  return {
    contactId,
    language: override ?? detected?.lang ?? null,
    source: override ? 'user' : detected ? 'detected' : null,
    override,
    detected,
  };
}

/** Languages of several contacts (a group's senders) at once. */
export function contactLanguages(db: Db, args: { accountId: string; contactIds: string[] }): ContactLanguage[] {
  const rows = prefRows(db, args.accountId, 'contact', args.contactIds);
  return args.contactIds.map((c) => contactLanguageOf(c, rows.get(c)));
}

/** Translation settings for a chat (and its contact, for a direct chat pass contactId = chatId). */
export function translatePrefs(db: Db, args: { accountId: string; chatId: string; contactId?: string | null }): TranslatePrefsView {
  const chat = prefRows(db, args.accountId, 'chat', [args.chatId]).get(args.chatId);
  const contact = args.contactId ? prefRows(db, args.accountId, 'contact', [args.contactId]).get(args.contactId) : undefined;
  const flag = (v: number | null | undefined) => (v === null || v === undefined ? null : v === 1);
  const chatView = { autoTranslate: flag(chat?.auto_translate), targetLang: chat?.target_lang ?? null };
  const contactView = args.contactId ? { autoTranslate: flag(contact?.auto_translate), targetLang: contact?.target_lang ?? null } : null;
  return {
    chat: chatView,
    contact: contactView,
    effective: {
      autoTranslate: chatView.autoTranslate ?? contactView?.autoTranslate ?? false,
      targetLang: chatView.targetLang ?? contactView?.targetLang ?? null,
    },
    contactLanguage: args.contactId ? contactLanguageOf(args.contactId, contact) : null,
  };
}

export const SAMPLE_TEXTS_SQL = `SELECT ${CURRENT_TEXT} AS text FROM messages m
  WHERE m.account_id = ? AND m.sender_wa_id = ? AND m.from_me = 0 AND m.type NOT IN (SELECT value FROM json_each(?))
  ORDER BY m.sort_key DESC LIMIT ?`;

/** The latest texts a contact wrote (for detecting the language they write in). */
export function contactSampleTexts(db: Db, args: { accountId: string; contactId: string; limit?: number }): string[] {
  return (stmt(db, SAMPLE_TEXTS_SQL).all(args.accountId, args.contactId, SKIP_JSON, Math.min(args.limit ?? 30, 200)) as { text: unknown }[])
    .map((r) => fromDb(r.text))
    .filter((t): t is string => !!t && t.trim().length > 0);
}
