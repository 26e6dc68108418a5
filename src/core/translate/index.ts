/**
 * Translation (issue 7): providers, routing, cache, message translations, preferences,
 * language detection and history jobs. What the app layer uses; tests and the CLI import the
 * modules themselves.
 */
export { TranslationService, contactOfChat } from './service';
export type { IncomingTranslation } from './service';
export { ProviderSettings } from './config';
