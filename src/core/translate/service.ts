import { EventEmitter } from 'node:events';
import type { Archive } from '../archive/archive';
import type { KeyProvider } from '../archive/key';
import type { ArchiveOpInput } from '../archive/operations';
import { type SealedSecret, SealedSecretError, SecretBox } from '../archive/sealed-secret';
import { type ContactLanguage, type MessageTranslation, type TranslatePrefsView, textHash } from '../archive/queries/translations';
import {
  ProviderSettings, type ProviderSettingsInput, SETTINGS_KEYS, StoredProvider, TranslateDefaults,
} from './config';
import { detectFromSamples, detectLanguage } from './detect';
import { TranslateError, type TranslateErrorInfo, asTranslateError } from './errors';
import { Glossary, type GlossaryInput, pairGlossary } from './glossary';
import { HistoryJob, type HistoryJobOptions, type HistoryProgress } from './history';
import type { FetchFn } from './http';
import { normalizeLang, sameLanguage } from './languages';
import type { ProviderHealth, ProviderId, ProviderLimits, TranslationProvider } from './provider';
import { createProvider } from './providers';
import type { TranslationResultView } from '../../shared/translate-views';
import { TRANSLATION_PROVIDERS } from '../../shared/translation-providers';
import { isPersonId } from '../../shared/vocabulary';

export interface TranslationServiceOptions {
  archive: Archive;
  /** The archive's key provider: provider keys are sealed under a key derived from it. */
  keys: KeyProvider;
  fetch?: FetchFn;
  /** Per-provider limit overrides (tests, benchmarks). */
  limits?: Partial<Record<ProviderId, Partial<ProviderLimits>>>;
  now?: () => number;
}

export interface TranslateRequest {
  texts: readonly string[];
  to: string;
  /** A language, or 'auto' (default): detected per text. */
  from?: string;
  /** Assumed when a text's own detection is unreliable: the contact's language. */
  sourceHint?: string | null;
  /** Use only this provider (otherwise: by priority, Apertium first, falling back on provider-level failures). */
  provider?: ProviderId;
  useCache?: boolean;
  signal?: AbortSignal;
}

/** One per input text. The original is always there (`source`), whatever happened. */
export type TranslationResult = TranslationResultView;

export interface ProviderStatus {
  settings: ProviderSettings;
  hasKey: boolean;
  offline: boolean;
  health: ProviderHealth;
}

/** One incoming message's auto-translation (onIncomingMessages), so the caller can say which one failed and why. */
export interface IncomingTranslation {
  messageId: string;
  chatId: string;
  lang: string;
  result: TranslationResult;
}

/** The contact of a direct chat (its id), or null for groups, broadcasts, channels. */
export function contactOfChat(chatId: string): string | null {
  return isPersonId(chatId) ? chatId : null;
}

export interface TranslationsWrittenEvent {
  accountId: string;
  lang: string;
  messageIds: string[];
}

export interface ServiceEvents {
  /** Translations were stored for these messages: refresh what shows them. */
  translations: [TranslationsWrittenEvent];
  /** Progress of a history job (also emitted on the job itself). */
  'history-progress': [HistoryProgress];
}

/** Where a message's translation is stored: provider 'none' marks "already in that language". */
const NO_PROVIDER = 'none';
/** Re-detect a contact's language after this many new incoming messages. */
const REDETECT_EVERY = 10;

interface Built {
  settings: ProviderSettings;
  provider: TranslationProvider | null;
  buildError: TranslateError | null;
  hasKey: boolean;
}

/**
 * Translation for the whole app: routing between providers, the archive cache, message
 * translations (indexed for search), per-chat/contact preferences, language detection, the
 * composer's translate + back-translate, and history jobs.
 */
export class TranslationService extends EventEmitter<ServiceEvents> {
  private built: Promise<Built[]> | null = null;
  private glossaryCache: Promise<Glossary> | null = null;
  private defaultsCache: Promise<TranslateDefaults> | null = null;
  private readonly box: Promise<SecretBox>;
  private readonly jobs = new Map<string, HistoryJob>();
  private readonly sinceDetect = new Map<string, number>();
  private readonly now: () => number;

  constructor(private readonly opts: TranslationServiceOptions) {
    super();
    this.box = SecretBox.fromArchiveKeys(opts.keys);
    this.now = opts.now ?? Date.now;
  }

  get archive(): Archive {
    return this.opts.archive;
  }

  // ---------------------------------------------------------------- settings

  private async settings(): Promise<Record<string, unknown>> {
    return this.opts.archive.query('settings');
  }

  private async stored(): Promise<StoredProvider[]> {
    const raw = (await this.settings())[SETTINGS_KEYS.providers];
    const list = Array.isArray(raw) ? raw.map((r) => StoredProvider.safeParse(r)).filter((r) => r.success).map((r) => r.data) : [];
    // Nothing configured yet: the local Apertium server is the default.
    return list.length ? list : [{ settings: ProviderSettings.parse({ id: 'apertium' }), secret: null }];
  }

  /** Provider settings as the app shows them (never the keys). */
  async providerSettings(): Promise<Array<ProviderSettings & { hasKey: boolean }>> {
    return (await this.stored()).map((s) => ({ ...s.settings, hasKey: s.secret !== null }));
  }

  /**
   * Adds or changes a provider. `apiKey`: a string sets it, null removes it, undefined keeps
   * the stored one. Invalid settings throw (zod) and change nothing.
   */
  async configureProvider(input: ProviderSettingsInput, apiKey?: string | null): Promise<void> {
    const settings = ProviderSettings.parse(input);
    const list = (await this.stored()).filter((s) => s.settings.id !== settings.id);
    const prev = (await this.stored()).find((s) => s.settings.id === settings.id);
    const box = await this.box;
    const secret = apiKey === undefined ? (prev?.secret ?? null) : apiKey === null || apiKey.trim() === '' ? null : box.seal(apiKey.trim(), settings.id);
    list.push({ settings, secret });
    list.sort((a, b) => a.settings.priority - b.settings.priority);
    await this.opts.archive.write([{ op: 'setting', key: SETTINGS_KEYS.providers, value: list }]);
    this.built = null;
  }

  async glossary(): Promise<Glossary> {
    this.glossaryCache ??= this.settings().then((s) => {
      const r = Glossary.safeParse(s[SETTINGS_KEYS.glossary] ?? {});
      return r.success ? r.data : { entries: [] };
    });
    return this.glossaryCache;
  }

  async setGlossary(input: GlossaryInput): Promise<Glossary> {
    const g = Glossary.parse(input);
    await this.opts.archive.write([{ op: 'setting', key: SETTINGS_KEYS.glossary, value: g }]);
    this.glossaryCache = null;
    return g;
  }

  async defaults(): Promise<TranslateDefaults> {
    this.defaultsCache ??= this.settings().then((s) => {
      const r = TranslateDefaults.safeParse(s[SETTINGS_KEYS.defaults] ?? {});
      return r.success ? r.data : TranslateDefaults.parse({});
    });
    return this.defaultsCache;
  }

  async setDefaults(input: Partial<TranslateDefaults>): Promise<TranslateDefaults> {
    const d = TranslateDefaults.parse({ ...(await this.defaults()), ...input });
    await this.opts.archive.write([{ op: 'setting', key: SETTINGS_KEYS.defaults, value: d }]);
    this.defaultsCache = null;
    return d;
  }

  private async providers(): Promise<Built[]> {
    this.built ??= (async () => {
      const box = await this.box;
      return (await this.stored()).map((s): Built => {
        try {
          const secret = s.secret ? openKey(box, s.secret, s.settings.id) : null;
          const provider = createProvider(s.settings, secret, {
            ...(this.opts.fetch ? { fetch: this.opts.fetch } : {}),
            ...(this.opts.limits?.[s.settings.id] ? { limits: this.opts.limits[s.settings.id] } : {}),
          });
          return { settings: s.settings, provider, buildError: null, hasKey: secret !== null };
        } catch (err) {
          return { settings: s.settings, provider: null, buildError: asTranslateError(err, s.settings.id), hasKey: false };
        }
      });
    })();
    return this.built;
  }

  /** Health of every configured provider, checked now. */
  async providerStatus(): Promise<ProviderStatus[]> {
    const list = await this.providers();
    return Promise.all(list.map(async (b) => ({
      settings: b.settings,
      hasKey: b.hasKey,
      offline: b.provider?.offline ?? false,
      health: b.provider
        ? await b.provider.health()
        : { ok: false, latencyMs: 0, error: b.buildError?.toJSON() ?? null, detail: null },
    })));
  }

  /**
   * Providers to try for a pair, in order, and why the others were left out (so a failure can
   * say "Apertium is not running" rather than "unsupported").
   */
  private async route(from: string, to: string, only?: ProviderId): Promise<{ chain: TranslationProvider[]; reasons: TranslateError[] }> {
    const chain: TranslationProvider[] = [];
    const reasons: TranslateError[] = [];
    for (const b of await this.providers()) {
      if (only ? b.settings.id !== only : !b.settings.enabled) continue;
      if (!b.provider) {
        reasons.push(b.buildError ?? new TranslateError('NOT_CONFIGURED', `${b.settings.id} is not set up.`, { provider: b.settings.id }));
        continue;
      }
      if (TRANSLATION_PROVIDERS[b.settings.id].key === 'required' && !b.hasKey) continue;
      try {
        if (await b.provider.supports(from, to)) chain.push(b.provider);
        else reasons.push(new TranslateError(from === 'auto' ? 'UNKNOWN_SOURCE_LANGUAGE' : 'UNSUPPORTED_PAIR',
          from === 'auto' ? `${b.settings.id} needs to know the source language.` : `${b.settings.id} does not translate ${from} → ${to}.`,
          { provider: b.settings.id }));
      } catch (err) {
        reasons.push(asTranslateError(err, b.settings.id));
      }
    }
    if (only && chain.length === 0 && reasons.length === 0) {
      reasons.push(new TranslateError('NOT_CONFIGURED', `${only} is not set up. Add it in the translation settings.`, { provider: only }));
    }
    return { chain, reasons };
  }

  /** Which providers would translate `from` → `to`, in order, and why the others would not (for the UI). */
  async providersFor(from: string, to: string): Promise<{ providers: ProviderId[]; unavailable: TranslateErrorInfo[] }> {
    const { chain, reasons } = await this.route(from === 'auto' ? 'auto' : normalizeLang(from), normalizeLang(to));
    return { providers: chain.map((p) => p.id), unavailable: reasons.map((r) => r.toJSON()) };
  }

  // ---------------------------------------------------------------- translating

  /** Translates texts: cache first, then providers by priority. One result per text, in order. */
  async translate(req: TranslateRequest): Promise<TranslationResult[]> {
    const to = normalizeLang(req.to);
    const forced = req.from && req.from !== 'auto' ? normalizeLang(req.from) : null;
    const hint = req.sourceHint ? normalizeLang(req.sourceHint) : null;
    const results: TranslationResult[] = new Array(req.texts.length);
    // unique texts per source language
    const groups = new Map<string, Map<string, number[]>>();
    req.texts.forEach((source, i) => {
      if (source.trim().length === 0) {
        results[i] = { ok: true, source, text: source, from: null, to, provider: null, cached: false, glossaryApplied: false, skipped: 'empty' };
        return;
      }
      let from = forced;
      if (!from) {
        const d = detectLanguage(source);
        from = d.reliable ? d.lang : (hint ?? d.lang);
      }
      if (from && sameLanguage(from, to)) {
        results[i] = { ok: true, source, text: source, from, to, provider: null, cached: false, glossaryApplied: false, skipped: 'same_language' };
        return;
      }
      const key = from ?? 'auto';
      const g = groups.get(key) ?? new Map<string, number[]>();
      g.set(source, [...(g.get(source) ?? []), i]);
      groups.set(key, g);
    });
    const glossary = await this.glossary();
    for (const [from, texts] of groups) {
      const unique = [...texts.keys()];
      const out = await this.translateGroup(unique, from, to, glossary, req);
      unique.forEach((t, k) => { for (const i of texts.get(t)!) results[i] = out[k]!; });
    }
    return results;
  }

  private async translateGroup(texts: string[], from: string, to: string, glossary: Glossary, req: TranslateRequest): Promise<TranslationResult[]> {
    const fromOut = from === 'auto' ? null : from;
    const out: Array<TranslationResult | undefined> = new Array(texts.length);
    const { chain, reasons } = await this.route(from, to, req.provider);
    let pending = texts.map((_, i) => i);
    let firstError: TranslateError | null = reasons[0] ?? null;
    const pg = pairGlossary(glossary, from, to);
    for (const provider of chain) {
      if (pending.length === 0) break;
      const hashes = pending.map((i) => textHash(texts[i]!));
      if (req.useCache !== false) {
        const hits = new Map((await this.opts.archive.query('translationCacheGet', {
          hashes: [...new Set(hashes)], from, to, provider: provider.cacheKey, glossaryRev: pg.rev,
        })).map((h) => [h.hash, h]));
        pending = pending.filter((i, k) => {
          const hit = hits.get(hashes[k]!);
          if (!hit) return true;
          out[i] = {
            ok: true, source: texts[i]!, text: hit.text, from: fromOut ?? hit.detectedLang, to, provider: provider.id,
            cached: true, glossaryApplied: pg.entries.length > 0, skipped: null,
          };
          return false;
        });
        if (pending.length === 0) break;
      }
      const res = await provider.translate(pending.map((i) => texts[i]!), from, to, { glossary: pg, ...(req.signal ? { signal: req.signal } : {}) });
      const cacheOps: ArchiveOpInput[] = [];
      const at = this.now();
      const next: number[] = [];
      res.forEach((r, k) => {
        const i = pending[k]!;
        if (r.ok) {
          out[i] = {
            ok: true, source: texts[i]!, text: r.text, from: fromOut ?? r.detectedFrom, to, provider: provider.id,
            cached: false, glossaryApplied: r.glossaryApplied, skipped: null,
          };
          cacheOps.push({
            op: 'translationCache', textHash: textHash(texts[i]!), from, to, provider: provider.cacheKey, text: r.text,
            detectedLang: r.detectedFrom, glossaryRev: r.glossaryApplied ? pg.rev : '', at,
          });
        } else if (r.error.code === 'CANCELLED') {
          throw r.error;
        } else if (r.error.providerLevel) {
          firstError ??= r.error;
          next.push(i);
        } else {
          out[i] = { ok: false, source: texts[i]!, from: fromOut, to, error: r.error.toJSON() };
        }
      });
      if (cacheOps.length) await this.opts.archive.write(cacheOps);
      pending = next;
    }
    const fallback = firstError ?? new TranslateError('UNSUPPORTED_PAIR',
      `No translation service is set up for ${from === 'auto' ? 'this language' : from} → ${to}.`);
    return texts.map((source, i) => out[i] ?? { ok: false, source, from: fromOut, to, error: fallback.toJSON() });
  }

  /**
   * Translates messages and stores the translations (shown under the originals, indexed for
   * search). Successes are written in one batch; failures are returned and nothing is stored
   * for them.
   */
  async translateMessages(args: {
    accountId: string;
    messages: ReadonlyArray<{ id: string; text: string; senderId?: string | null }>;
    to: string;
    from?: string;
    sourceHint?: string | null;
    provider?: ProviderId;
    signal?: AbortSignal;
  }): Promise<TranslationResult[]> {
    const to = normalizeLang(args.to);
    const hints = await this.senderHints(args.accountId, args.messages, args.sourceHint ?? null);
    // group by hint so each group shares one source-language fallback
    const byHint = new Map<string | null, number[]>();
    args.messages.forEach((m, i) => {
      const h = hints[i] ?? null;
      byHint.set(h, [...(byHint.get(h) ?? []), i]);
    });
    const results: TranslationResult[] = new Array(args.messages.length);
    for (const [hint, idx] of byHint) {
      const res = await this.translate({
        texts: idx.map((i) => args.messages[i]!.text), to,
        ...(args.from ? { from: args.from } : {}), sourceHint: hint,
        ...(args.provider ? { provider: args.provider } : {}), ...(args.signal ? { signal: args.signal } : {}),
      });
      idx.forEach((i, k) => { results[i] = res[k]!; });
    }
    const at = this.now();
    const ops: ArchiveOpInput[] = [];
    const ids: string[] = [];
    args.messages.forEach((m, i) => {
      const r = results[i]!;
      if (!r.ok || r.skipped === 'empty') return;
      ops.push({
        op: 'translation', accountId: args.accountId, messageId: m.id, lang: to, text: r.text,
        srcLang: r.from, provider: r.provider ?? NO_PROVIDER, sourceHash: textHash(m.text), at,
      });
      ids.push(m.id);
    });
    if (ops.length) {
      await this.opts.archive.write(ops);
      this.emit('translations', { accountId: args.accountId, lang: to, messageIds: ids });
    }
    return results;
  }

  /** Each sender's language (detected from their messages the first time we need it). */
  private async senderHints(accountId: string, messages: ReadonlyArray<{ senderId?: string | null }>, fallback: string | null): Promise<Array<string | null>> {
    const senders = [...new Set(messages.map((m) => m.senderId).filter((s): s is string => !!s))];
    const langs = new Map<string, string | null>();
    if (senders.length) {
      for (const c of await this.opts.archive.query('contactLanguages', { accountId, contactIds: senders })) {
        let lang = c.language;
        const key = `${accountId}\u0000${c.contactId}`;
        if (lang === null && !this.sinceDetect.has(key)) {
          this.sinceDetect.set(key, 1);
          lang = (await this.detectContactLanguage(accountId, c.contactId)).language;
        }
        langs.set(c.contactId, lang);
      }
    }
    return messages.map((m) => (m.senderId ? langs.get(m.senderId) ?? fallback : fallback));
  }

  /** Translations of a page of messages into `lang`, for the thread view. */
  messageTranslations(accountId: string, messageIds: string[], lang: string): Promise<MessageTranslation[]> {
    return this.opts.archive.query('messageTranslations', { accountId, messageIds, lang: normalizeLang(lang) });
  }

  /**
   * The composer: the rep's text translated into the contact's language, and that translation
   * translated back so the rep can check it. Nothing is sent anywhere but the translators.
   */
  async composeTranslate(args: { text: string; to: string; from?: string; provider?: ProviderId; signal?: AbortSignal }): Promise<{
    translation: TranslationResult;
    back: TranslationResult | null;
  }> {
    const [translation] = await this.translate({
      texts: [args.text], to: args.to, ...(args.from ? { from: args.from } : {}),
      ...(args.provider ? { provider: args.provider } : {}), ...(args.signal ? { signal: args.signal } : {}),
    });
    if (!translation!.ok || translation!.skipped || !translation!.from) return { translation: translation!, back: null };
    const [back] = await this.translate({
      texts: [translation!.text], to: translation!.from, from: translation!.to,
      ...(args.provider ? { provider: args.provider } : {}), ...(args.signal ? { signal: args.signal } : {}),
    });
    return { translation: translation!, back: back! };
  }

  // ---------------------------------------------------------------- preferences

  prefs(accountId: string, chatId: string, contactId?: string | null): Promise<TranslatePrefsView> {
    return this.opts.archive.query('translatePrefs', { accountId, chatId, contactId: contactId ?? null });
  }

  /** Turns auto-translate on/off (null: inherit) for a chat or a contact, optionally with a target language. */
  async setAutoTranslate(args: { accountId: string; scope: 'chat' | 'contact'; id: string; enabled: boolean | null; targetLang?: string | null }): Promise<void> {
    await this.opts.archive.write([{
      op: 'translatePref', accountId: args.accountId, scope: args.scope, id: args.id, at: this.now(),
      autoTranslate: args.enabled,
      ...(args.targetLang !== undefined ? { targetLang: args.targetLang === null ? null : normalizeLang(args.targetLang) } : {}),
    }]);
  }

  /** The user's word on a contact's language (null: back to the detected one). */
  async setContactLanguage(args: { accountId: string; contactId: string; language: string | null }): Promise<void> {
    await this.opts.archive.write([{
      op: 'translatePref', accountId: args.accountId, scope: 'contact', id: args.contactId, at: this.now(),
      language: args.language === null ? null : normalizeLang(args.language),
    }]);
  }

  /** Detects a contact's language from their recent messages and stores it. */
  async detectContactLanguage(accountId: string, contactId: string): Promise<ContactLanguage> {
    const texts = await this.opts.archive.query('contactSampleTexts', { accountId, contactId, limit: 30 });
    const d = detectFromSamples(texts);
    if (d.lang && d.reliable) {
      await this.opts.archive.write([{
        op: 'detectedLanguage', accountId, contactId, lang: d.lang, confidence: d.confidence, samples: d.samples, at: this.now(),
      }]);
    }
    const [view] = await this.opts.archive.query('contactLanguages', { accountId, contactIds: [contactId] });
    return view!;
  }

  /**
   * Hook for capture: new messages arrived. Updates contact languages now and then, and
   * translates incoming messages of chats with auto-translate on. Never throws for a
   * translation failure (the originals are archived regardless); returns what happened.
   */
  async onIncomingMessages(accountId: string, messages: ReadonlyArray<{
    id: string; chatId: string; senderId: string | null; fromMe: boolean; text: string | null;
  }>): Promise<IncomingTranslation[]> {
    const incoming = messages.filter((m) => !m.fromMe && m.text && m.text.trim().length > 0);
    for (const m of incoming) {
      if (!m.senderId) continue;
      const key = `${accountId}\u0000${m.senderId}`;
      const n = (this.sinceDetect.get(key) ?? REDETECT_EVERY) + 1;
      if (n > REDETECT_EVERY) {
        this.sinceDetect.set(key, 1);
        await this.detectContactLanguage(accountId, m.senderId);
      } else this.sinceDetect.set(key, n);
    }
    const byChat = new Map<string, typeof incoming>();
    for (const m of incoming) byChat.set(m.chatId, [...(byChat.get(m.chatId) ?? []), m]);
    const out: IncomingTranslation[] = [];
    const defaults = await this.defaults();
    for (const [chatId, list] of byChat) {
      const p = await this.prefs(accountId, chatId, contactOfChat(chatId));
      if (!p.effective.autoTranslate) continue;
      const lang = normalizeLang(p.effective.targetLang ?? defaults.targetLang);
      const results = await this.translateMessages({
        accountId,
        messages: list.map((m) => ({ id: m.id, text: m.text!, senderId: m.senderId })),
        to: lang,
      });
      results.forEach((result, i) => out.push({ messageId: list[i]!.id, chatId, lang, result }));
    }
    return out;
  }

  // ---------------------------------------------------------------- history

  /**
   * Translates a chat's history in the background, newest first, page by page; each page's
   * translations are committed together. One job per (account, chat, language): asking again
   * returns the running job.
   */
  translateHistory(args: Omit<HistoryJobOptions, 'service'>): HistoryJob {
    const key = `${args.accountId}\u0000${args.chatId}\u0000${normalizeLang(args.to)}`;
    const running = this.jobs.get(key);
    if (running && !running.finished) return running;
    const job = new HistoryJob({ ...args, service: this });
    this.jobs.set(key, job);
    job.on('progress', (p) => this.emit('history-progress', p));
    void job.done.finally(() => { if (this.jobs.get(key) === job) this.jobs.delete(key); });
    return job;
  }

  /** Running history jobs (for a UI that reopens). */
  historyJobs(): HistoryJob[] {
    return [...this.jobs.values()].filter((j) => !j.finished);
  }

  /** Cancels running jobs; call before closing the archive. */
  async close(): Promise<void> {
    const jobs = [...this.jobs.values()];
    for (const j of jobs) j.cancel();
    await Promise.allSettled(jobs.map((j) => j.done));
  }
}

function openKey(box: SecretBox, sealed: SealedSecret, provider: string): string {
  try {
    return box.open(sealed, provider);
  } catch (err) {
    if (!(err instanceof SealedSecretError)) throw err;
    throw new TranslateError('NOT_CONFIGURED', `The stored key for ${provider} cannot be opened with this archive's key. Enter the key again.`, { provider, cause: err });
  }
}
