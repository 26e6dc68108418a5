import type { ProviderSettings } from '../config';
import { TranslateError } from '../errors';
import type { ProviderDeps, TranslationProvider } from '../provider';
import { ApertiumProvider } from './apertium';
import { AzureProvider } from './azure';
import { DeepLProvider } from './deepl';
import { GoogleProvider } from './google';
import { LibreTranslateProvider } from './libretranslate';
import { OpenAiProvider } from './openai';

/** Builds a provider from its settings and (opened) secret. */
export function createProvider(s: ProviderSettings, secret: string | null, deps: ProviderDeps = {}): TranslationProvider {
  const need = (): string => {
    if (!secret) throw new TranslateError('NOT_CONFIGURED', `No API key is set for ${s.id}. Enter one in the translation settings.`, { provider: s.id });
    return secret;
  };
  switch (s.id) {
    case 'apertium':
      return new ApertiumProvider({ baseUrl: s.baseUrl }, deps);
    case 'libretranslate':
      return new LibreTranslateProvider({ baseUrl: s.baseUrl, apiKey: secret }, deps);
    case 'deepl':
      return new DeepLProvider({ apiKey: need(), baseUrl: s.baseUrl }, deps);
    case 'google':
      return new GoogleProvider({ apiKey: need(), baseUrl: s.baseUrl }, deps);
    case 'azure':
      return new AzureProvider({ apiKey: need(), region: s.region, baseUrl: s.baseUrl }, deps);
    case 'openai':
      return new OpenAiProvider({ baseUrl: s.baseUrl, apiKey: secret, model: s.model, jsonMode: s.jsonMode }, deps);
  }
}

export { ApertiumProvider, AzureProvider, DeepLProvider, GoogleProvider, LibreTranslateProvider, OpenAiProvider };
