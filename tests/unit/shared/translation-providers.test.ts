import { describe, expect, it } from 'vitest';
import {
  KEY_REQUIRED, PROVIDER_IDS, ProviderSettings, ProviderSettingsPatch, TRANSLATION_PROVIDERS,
} from '../../../src/shared/translation-providers';

describe('the translation-provider table', () => {
  it('gives every provider its settings with defaults', () => {
    expect(PROVIDER_IDS.map((id) => ProviderSettings.parse({ id }))).toEqual([
      { id: 'apertium', enabled: true, priority: 0, baseUrl: 'http://127.0.0.1:2737' },
      { id: 'libretranslate', enabled: true, priority: 100, baseUrl: 'http://127.0.0.1:5000' },
      { id: 'deepl', enabled: true, priority: 100, baseUrl: null },
      { id: 'google', enabled: true, priority: 100, baseUrl: null },
      { id: 'azure', enabled: true, priority: 100, baseUrl: null, region: null },
      { id: 'openai', enabled: true, priority: 100, baseUrl: 'https://api.openai.com/v1', model: 'gpt-4o-mini', jsonMode: false },
    ]);
  });

  it('says which providers need a key and which work offline', () => {
    expect(KEY_REQUIRED).toEqual(['deepl', 'google', 'azure']);
    expect(PROVIDER_IDS.filter((id) => TRANSLATION_PROVIDERS[id].offline)).toEqual(['apertium', 'libretranslate']);
  });

  it('refuses settings a provider does not have, and bad addresses', () => {
    expect(ProviderSettings.safeParse({ id: 'deepl', baseUrl: 'ftp://x' }).success).toBe(false);
    expect(ProviderSettings.parse({ id: 'azure', region: 'westeurope', model: 'x' })).not.toHaveProperty('model');
    expect(ProviderSettings.safeParse({ id: 'bing' }).success).toBe(false);
  });

  it('takes a form patch with any provider\'s own fields, without filling defaults', () => {
    expect(ProviderSettingsPatch.parse({ id: 'azure', region: null })).toEqual({ id: 'azure', region: null });
    expect(ProviderSettingsPatch.parse({ id: 'openai', model: ' gpt-x ' })).toEqual({ id: 'openai', model: 'gpt-x' });
    expect(ProviderSettingsPatch.safeParse({ id: 'openai', model: '' }).success).toBe(false);
    expect(ProviderSettingsPatch.safeParse({ id: 'openai', temperature: 1 }).success).toBe(false);
  });
});
