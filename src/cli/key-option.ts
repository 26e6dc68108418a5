import { envKeyProvider, fileKeyProvider, KEY_ENV, type KeyProvider } from '../core/archive/key';

export const KEY_OPTIONS = { 'key-file': { type: 'string' } } as const;
export const KEY_HELP = `Key: --key-file <file> (64 hex characters or 32 raw bytes), or the ${KEY_ENV} environment variable.`;

/** --key-file wins over the environment, so a script can't pick up a stray variable by accident. */
export function keyProviderFrom(values: { 'key-file'?: string | undefined }): KeyProvider {
  return values['key-file'] ? fileKeyProvider(values['key-file']) : envKeyProvider();
}
