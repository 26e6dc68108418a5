import { z } from 'zod';
import { KEY_REQUIRED } from '../../shared/translate-views';
import { LangCode } from './languages';
import { SealedSecret } from '../archive/sealed-secret';

/**
 * Provider settings as the app edits them. Secrets are never part of these objects: they are
 * passed separately to `TranslationService.configureProvider` and stored sealed.
 */
const httpUrl = z.string().url().max(2048).refine((u) => /^https?:\/\//i.test(u), 'an http(s) URL');
const base = { enabled: z.boolean().default(true), priority: z.number().int().min(0).max(1000).default(100) };

export const ProviderSettings = z.discriminatedUnion('id', [
  z.object({ id: z.literal('apertium'), ...base, baseUrl: httpUrl.default('http://127.0.0.1:2737'), priority: base.priority.default(0) }),
  z.object({ id: z.literal('libretranslate'), ...base, baseUrl: httpUrl.default('http://127.0.0.1:5000') }),
  z.object({ id: z.literal('deepl'), ...base, baseUrl: httpUrl.nullable().default(null) }),
  z.object({ id: z.literal('google'), ...base, baseUrl: httpUrl.nullable().default(null) }),
  z.object({ id: z.literal('azure'), ...base, region: z.string().max(64).nullable().default(null), baseUrl: httpUrl.nullable().default(null) }),
  z.object({
    id: z.literal('openai'),
    ...base,
    baseUrl: httpUrl.default('https://api.openai.com/v1'),
    model: z.string().min(1).max(200).default('gpt-4o-mini'),
    jsonMode: z.boolean().default(false),
  }),
]);
export type ProviderSettingsInput = z.input<typeof ProviderSettings>;
export type ProviderSettings = z.output<typeof ProviderSettings>;

/** Which providers cannot work without a key (LibreTranslate and the AI endpoint may be keyless when self-hosted). */
export const NEEDS_KEY: ReadonlySet<string> = new Set(KEY_REQUIRED);

export const StoredProvider = z.object({ settings: ProviderSettings, secret: SealedSecret.nullable().default(null) });
export type StoredProvider = z.output<typeof StoredProvider>;

export const TranslateDefaults = z.object({
  /** The language reps read: incoming messages are translated into it. */
  targetLang: LangCode.default('zh'),
});
export type TranslateDefaults = z.output<typeof TranslateDefaults>;

/** Keys in the archive's settings table; one place names them. */
export const SETTINGS_KEYS = {
  providers: 'translate.providers',
  glossary: 'translate.glossary',
  defaults: 'translate.defaults',
} as const;
