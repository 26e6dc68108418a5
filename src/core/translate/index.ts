/**
 * Translation (issue 7): providers, routing, cache, message translations, preferences,
 * language detection and history jobs. The app uses `TranslationService`; the rest is
 * exported for tests, the CLI and settings screens.
 */
export { TranslationService, contactOfChat } from './service';
export type { IncomingTranslation, ProviderStatus, ServiceEvents, TranslateRequest, TranslationResult, TranslationServiceOptions, TranslationsWrittenEvent } from './service';
export { HistoryJob } from './history';
export type { HistoryJobOptions, HistoryJobState, HistoryProgress } from './history';
export { ProviderSettings, SETTINGS_KEYS, TranslateDefaults } from './config';
export type { ProviderSettingsInput } from './config';
export { Glossary, GlossaryEntry, pairGlossary } from './glossary';
export type { GlossaryInput, PairGlossary } from './glossary';
export { TRANSLATE_ERROR_CODES, TranslateError } from './errors';
export type { TranslateErrorCode, TranslateErrorInfo } from './errors';
export { detectFromSamples, detectLanguage } from './detect';
export type { Detection } from './detect';
export { LangCode, normalizeLang, sameLanguage } from './languages';
export type { LanguageSupport, ProviderHealth, ProviderId, TextResult, TranslationProvider } from './provider';
export { createProvider } from './providers';
export type { ContactLanguage, MessageTranslation, TranslatePrefsView } from '../archive/queries/translations';
