import { z } from 'zod';

/**
 * THE table of translation providers. The ids, which providers need a key, which work
 * offline, their settings (schema and defaults), the IPC input, and the settings form's extra
 * fields all derive from it. Adding a provider is a row here, its class in
 * core/translate/providers/ (registered in that folder's index, a map the compiler checks),
 * and its display name in renderer/lib/languages.ts.
 */

export const PROVIDER_IDS = ['apertium', 'libretranslate', 'deepl', 'google', 'azure', 'openai'] as const;
export type ProviderId = (typeof PROVIDER_IDS)[number];

const httpUrl = z.string().url().max(2048).refine((u) => /^https?:\/\//i.test(u), 'an http(s) URL');

export interface ProviderFormField {
  /** A settings key from `extra`. */
  name: string;
  /** i18n key of the label under translate.settings. */
  label: string;
  /** A sample value shown as the placeholder. */
  example: string;
  /** Left empty: cleared (null) or the default (omitted). */
  empty: 'null' | 'default';
}

interface ProviderDescriptor {
  /** 'none': no key field at all; 'optional': self-hosted servers may run without one. */
  key: 'none' | 'optional' | 'required';
  /** Works without the internet (a local or self-hosted server). */
  offline: boolean;
  /** null: the provider's public endpoint unless the user sets another. */
  defaultBaseUrl: string | null;
  /** Lower goes first; Apertium (local, free) first by default. */
  defaultPriority: number;
  /** Settings this provider has besides enabled, priority and baseUrl. */
  extra: z.ZodRawShape;
  formFields: readonly ProviderFormField[];
}

export const TRANSLATION_PROVIDERS = {
  apertium: { key: 'none', offline: true, defaultBaseUrl: 'http://127.0.0.1:2737', defaultPriority: 0, extra: {}, formFields: [] },
  libretranslate: { key: 'optional', offline: true, defaultBaseUrl: 'http://127.0.0.1:5000', defaultPriority: 100, extra: {}, formFields: [] },
  deepl: { key: 'required', offline: false, defaultBaseUrl: null, defaultPriority: 100, extra: {}, formFields: [] },
  google: { key: 'required', offline: false, defaultBaseUrl: null, defaultPriority: 100, extra: {}, formFields: [] },
  azure: {
    key: 'required', offline: false, defaultBaseUrl: null, defaultPriority: 100,
    extra: { region: z.string().trim().max(64).nullable().default(null) },
    formFields: [{ name: 'region', label: 'region', example: 'westeurope', empty: 'null' }],
  },
  openai: {
    key: 'optional', offline: false, defaultBaseUrl: 'https://api.openai.com/v1', defaultPriority: 100,
    extra: { model: z.string().trim().min(1).max(200).default('gpt-4o-mini'), jsonMode: z.boolean().default(false) },
    formFields: [{ name: 'model', label: 'model', example: 'gpt-4o-mini', empty: 'default' }],
  },
} as const satisfies Record<ProviderId, ProviderDescriptor>;

type Providers = typeof TRANSLATION_PROVIDERS;

/** Which providers cannot work without a key. */
export const KEY_REQUIRED: readonly ProviderId[] = PROVIDER_IDS.filter((id) => TRANSLATION_PROVIDERS[id].key === 'required');

type SettingsShape<I extends ProviderId> = {
  id: z.ZodLiteral<I>;
  enabled: z.ZodDefault<z.ZodBoolean>;
  priority: z.ZodDefault<z.ZodNumber>;
  baseUrl: Providers[I]['defaultBaseUrl'] extends string ? z.ZodDefault<typeof httpUrl> : z.ZodDefault<z.ZodNullable<typeof httpUrl>>;
} & Providers[I]['extra'];

type ObjectOf<I extends ProviderId> = z.ZodObject<Extract<SettingsShape<I>, z.ZodRawShape>>;

function settingsOf<I extends ProviderId>(id: I): ObjectOf<I> {
  const p: ProviderDescriptor = TRANSLATION_PROVIDERS[id];
  return z.object({
    id: z.literal(id),
    enabled: z.boolean().default(true),
    priority: z.number().int().min(0).max(1000).default(p.defaultPriority),
    baseUrl: p.defaultBaseUrl === null ? httpUrl.nullable().default(null) : httpUrl.default(p.defaultBaseUrl),
    ...p.extra,
  }) as unknown as ObjectOf<I>;
}

// generic so that the mapped type over the id tuple stays a tuple (discriminatedUnion needs one)
type SchemasOf<T extends readonly ProviderId[]> = { [K in keyof T]: T[K] extends ProviderId ? ObjectOf<T[K]> : never };
type SettingsSchemas = SchemasOf<typeof PROVIDER_IDS>;

/** A provider's settings as stored and edited; keys are never part of these (they are sealed separately). */
export const ProviderSettings = z.discriminatedUnion('id', PROVIDER_IDS.map(settingsOf) as unknown as SettingsSchemas);
export type ProviderSettingsInput = z.input<typeof ProviderSettings>;
export type ProviderSettings = z.output<typeof ProviderSettings>;

type ExtraKeys = { [I in ProviderId]: keyof Providers[I]['extra'] }[ProviderId];

/**
 * What the settings form sends: every field of every provider, optional (a patch over what is
 * stored); core then checks the merged settings against the provider's own schema.
 */
export const ProviderSettingsPatch = z.strictObject({
  id: z.enum(PROVIDER_IDS),
  enabled: z.boolean().optional(),
  priority: z.number().int().min(0).max(1000).optional(),
  baseUrl: z.string().trim().min(1).max(2048).nullable().optional(),
  ...Object.fromEntries(PROVIDER_IDS.flatMap((id) => Object.entries(TRANSLATION_PROVIDERS[id].extra as z.ZodRawShape))
    .map(([k, schema]) => [k, ((schema instanceof z.ZodDefault ? schema.unwrap() : schema) as z.ZodType).optional()])) as
    { [K in ExtraKeys]: z.ZodOptional<z.ZodType> },
});
