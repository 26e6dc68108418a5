import { z } from 'zod';
import type { ProviderId, ProviderSettings } from './translation-providers';

/**
 * Translation (issue 7) as every layer sees it: the facts core/translate and the renderer
 * share (provider ids, error codes, the language-tag format) and the plain-data shapes the
 * IPC contract carries. Core's own types must stay assignable to these (checked in
 * core/app/handlers/translate.ts).
 */

// ---------------------------------------------------------------- shared facts


/**
 * Why a translation did not happen. Codes are stable: the UI maps them to zh-CN/English text;
 * `message` is the English explanation with what to do. None of them ever hides the original.
 */
export const TRANSLATE_ERROR_CODES = [
  /** The key is wrong, revoked, or not allowed to use this API. */
  'BAD_KEY',
  /** The account's character/billing quota is used up (DeepL 456, Azure 403001, Google dailyLimitExceeded). */
  'QUOTA_EXCEEDED',
  /** Too many requests; retried with backoff before this is reported. */
  'RATE_LIMITED',
  /** Nothing answers at the configured address (server down, wrong URL, no network). */
  'UNREACHABLE',
  'TIMEOUT',
  /** The provider cannot translate between these two languages. */
  'UNSUPPORTED_PAIR',
  /** We could not tell which language the text is in, and the provider needs to know. */
  'UNKNOWN_SOURCE_LANGUAGE',
  'TEXT_TOO_LONG',
  /** The provider failed on its side (5xx) after retries. */
  'SERVER_ERROR',
  /** The provider answered something we could not use (wrong shape, wrong count). */
  'BAD_RESPONSE',
  /** The provider is not set up (no key, no URL, disabled). */
  'NOT_CONFIGURED',
  'CANCELLED',
] as const;
export type TranslateErrorCode = (typeof TRANSLATE_ERROR_CODES)[number];

/** A translation failure as it crosses IPC and lands in results: plain data. */
export interface TranslateErrorInfo {
  code: TranslateErrorCode;
  message: string;
  provider: string | null;
  status: number | null;
}

/**
 * Switchboard names languages by BCP 47 tags, lower-case primary subtag first (`en`, `es`,
 * `pt-BR`, `zh-Hant`); core/translate/languages.ts maps them to each provider's dialect.
 */
export const LangTag = z
  .string()
  .min(2)
  .max(35)
  .regex(/^[a-zA-Z]{2,3}(?:[-_][a-zA-Z0-9]{2,8})*$/, 'a language tag such as en, es, pt-BR or zh-Hant');

/** Languages offered first in pickers (names come from Intl.DisplayNames in the UI language). */
export const COMMON_LANGUAGES = [
  'zh', 'en', 'es', 'pt', 'fr', 'de', 'it', 'ru', 'ar', 'tr', 'fa', 'hi', 'ur', 'bn', 'id', 'ms', 'vi', 'th', 'ja', 'ko',
  'nl', 'pl', 'uk', 'ro', 'he', 'sw', 'ca', 'gl',
] as const;


// ---------------------------------------------------------------- providers

export type ProviderView = ProviderSettings & {
  /** A key is stored (sealed in the archive); the key itself never leaves core. */
  hasKey: boolean;
  /** False for a provider the team has not set up yet (shown with its defaults, disabled). */
  configured: boolean;
};

export interface ProviderHealthView {
  ok: boolean;
  latencyMs: number;
  error: TranslateErrorInfo | null;
  /** e.g. "3 language pairs", "used 12 034 of 500 000 characters". */
  detail: string | null;
}

export interface ProviderStatusView {
  id: ProviderId;
  hasKey: boolean;
  /** Works without the internet (local or self-hosted server). */
  offline: boolean;
  health: ProviderHealthView;
}

// ---------------------------------------------------------------- glossary, defaults, preferences

export type GlossaryEntryView =
  | { kind: 'keep'; term: string; caseSensitive: boolean }
  | { kind: 'term'; terms: Record<string, string>; caseSensitive: boolean };

export interface GlossaryView {
  entries: GlossaryEntryView[];
}

export interface TranslateDefaultsView {
  /** The language reps read: incoming messages are translated into it. */
  targetLang: string;
}

export interface ContactLanguageView {
  contactId: string;
  /** The language to assume: the user's choice, else the detected one. */
  language: string | null;
  source: 'user' | 'detected' | null;
  override: string | null;
  detected: { lang: string; confidence: number; samples: number; at: number } | null;
}

/** Translation settings of one chat, as the thread header and the live panel show them. */
export interface ChatTranslatePrefs {
  accountId: string;
  chatId: string;
  /** The chat's own setting (null: inherits from the contact). */
  chat: { autoTranslate: boolean | null; targetLang: string | null };
  /** Set for a direct chat: the contact's setting, shared by every chat with them. */
  contact: { autoTranslate: boolean | null; targetLang: string | null } | null;
  /** What applies: chat over contact over the team default. */
  effective: { autoTranslate: boolean; targetLang: string };
  contactLanguage: ContactLanguageView | null;
}

// ---------------------------------------------------------------- translating

export type TranslationResultView =
  | {
      ok: true;
      source: string;
      text: string;
      from: string | null;
      to: string;
      /** null when nothing needed translating (same language, or no words). */
      provider: ProviderId | null;
      cached: boolean;
      glossaryApplied: boolean;
      skipped: 'same_language' | 'empty' | null;
    }
  | { ok: false; source: string; from: string | null; to: string; error: TranslateErrorInfo };

/** The translator composer: the rep's text in the buyer's language, and back again to check it. */
export interface ComposeResult {
  translation: TranslationResultView;
  /** null when the translation failed or nothing was translated. */
  back: TranslationResultView | null;
}

/** A stored translation shown under its message. */
export interface MessageTranslationView {
  messageId: string;
  lang: string;
  text: string;
  srcLang: string | null;
  /** 'none' when the message was already in that language. */
  provider: string;
  translatedAt: number;
  /** The message was edited after it was translated: the translation is of an older text. */
  stale: boolean;
}

/** Why a message has no translation (auto-translate or an on-demand run failed); the original stays. */
export interface TranslationFailure {
  messageId: string;
  lang: string;
  error: TranslateErrorInfo;
  at: number;
}

export interface ChatTranslateStatus {
  accountId: string;
  chatId: string;
  failures: TranslationFailure[];
}

export interface TranslateMessagesResult {
  translated: string[];
  failures: TranslationFailure[];
}

export type HistoryJobState = 'running' | 'done' | 'cancelled' | 'failed';

export interface HistoryProgressView {
  jobId: string;
  accountId: string;
  chatId: string;
  to: string;
  state: HistoryJobState;
  /** Messages that needed a translation when the job started. */
  total: number;
  translated: number;
  failed: number;
  error: TranslateErrorInfo | null;
}

/** Translations were stored for these messages: what shows them refreshes. */
export interface TranslationsUpdated {
  accountId: string;
  lang: string;
  messageIds: string[];
}

// ---------------------------------------------------------------- the composer of the live WhatsApp page

export const COMPOSER_FAILURES = [
  /** The account has no live WhatsApp page (stopped, hibernated, archive only). */
  'NOT_LIVE',
  /** Review mode is on: nobody types into the live views. */
  'REVIEW_MODE',
  /** No message box is showing: no chat is open in WhatsApp. */
  'NO_COMPOSER',
  /** WhatsApp shows another chat than the one the text was written for. */
  'OTHER_CHAT',
  /** The page did not take the text (WhatsApp changed its editor). */
  'INSERT_FAILED',
] as const;
export type ComposerFailure = (typeof COMPOSER_FAILURES)[number];

/** Text put into WhatsApp's message box. Never sent: the rep presses Enter. */
export type ComposerInsertResult =
  | {
      ok: true;
      /** Which versioned adapter did it. */
      adapter: string;
      /** Whether the page could confirm that the open chat is the one asked for. */
      chatChecked: boolean;
    }
  | { ok: false; reason: ComposerFailure; adapter: string | null; detail: string | null };
