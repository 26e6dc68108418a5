import { z } from 'zod';
import { ProviderSettings } from '../../shared/translation-providers';
import { LangCode } from './languages';
import { SealedSecret } from '../archive/sealed-secret';

/** Settings come from the provider table; secrets are never part of them (passed to `configureProvider`, stored sealed). */
export { ProviderSettings, type ProviderSettingsInput } from '../../shared/translation-providers';

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
