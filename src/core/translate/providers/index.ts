import type { ProviderSettings } from '../config';
import { TranslateError } from '../errors';
import type { ProviderDeps, ProviderId, TranslationProvider } from '../provider';
import { ApertiumProvider } from './apertium';
import { AzureProvider } from './azure';
import { DeepLProvider } from './deepl';
import { GoogleProvider } from './google';
import { LibreTranslateProvider } from './libretranslate';
import { OpenAiProvider } from './openai';

type Build<I extends ProviderId> = (s: Extract<ProviderSettings, { id: I }>, secret: string | null, deps: ProviderDeps) => TranslationProvider;

function need(id: ProviderId, secret: string | null): string {
  if (!secret) throw new TranslateError('NOT_CONFIGURED', `No API key is set for ${id}. Enter one in the translation settings.`, { provider: id });
  return secret;
}

/** One builder per provider id (a missing one does not compile); the ids and their needs are in shared/translation-providers.ts. */
const BUILDERS: { [I in ProviderId]: Build<I> } = {
  apertium: (s, _secret, deps) => new ApertiumProvider({ baseUrl: s.baseUrl }, deps),
  libretranslate: (s, secret, deps) => new LibreTranslateProvider({ baseUrl: s.baseUrl, apiKey: secret }, deps),
  deepl: (s, secret, deps) => new DeepLProvider({ apiKey: need(s.id, secret), baseUrl: s.baseUrl }, deps),
  google: (s, secret, deps) => new GoogleProvider({ apiKey: need(s.id, secret), baseUrl: s.baseUrl }, deps),
  azure: (s, secret, deps) => new AzureProvider({ apiKey: need(s.id, secret), region: s.region, baseUrl: s.baseUrl }, deps),
  openai: (s, secret, deps) => new OpenAiProvider({ baseUrl: s.baseUrl, apiKey: secret, model: s.model, jsonMode: s.jsonMode }, deps),
};

/** Builds a provider from its settings and (opened) secret. */
export function createProvider(s: ProviderSettings, secret: string | null, deps: ProviderDeps = {}): TranslationProvider {
  return (BUILDERS[s.id] as Build<ProviderId>)(s as never, secret, deps);
}

export { ApertiumProvider, AzureProvider, DeepLProvider, GoogleProvider, LibreTranslateProvider, OpenAiProvider };
