import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { ArchiveError } from './errors';

/** Supplies the raw 32-byte archive key (Electron safeStorage in the app; file or env for CLI/tests). */
export interface KeyProvider {
  getKey(): Promise<Buffer>;
}

export const KEY_BYTES = 32;
export const KEY_ENV = 'SWITCHBOARD_ARCHIVE_KEY';

/** Accepts 64 hex characters (env var, key file text) or 32 raw bytes (key file). */
export function parseKey(raw: Buffer | string, source: string): Buffer {
  if (Buffer.isBuffer(raw) && raw.length === KEY_BYTES) return Buffer.from(raw);
  const text = raw.toString().trim();
  if (/^[0-9a-fA-F]{64}$/.test(text)) return Buffer.from(text, 'hex');
  throw new ArchiveError(
    'KEY_INVALID',
    `The archive key from ${source} is not valid: expected 64 hex characters or 32 raw bytes.`,
  );
}

export function envKeyProvider(env: NodeJS.ProcessEnv = process.env): KeyProvider {
  return {
    async getKey() {
      const value = env[KEY_ENV];
      if (!value) {
        throw new ArchiveError('KEY_MISSING', `No archive key: set ${KEY_ENV} (64 hex characters) or pass --key-file.`);
      }
      return parseKey(value, KEY_ENV);
    },
  };
}

export function fileKeyProvider(path: string): KeyProvider {
  return {
    async getKey() {
      if (!existsSync(path)) {
        throw new ArchiveError('KEY_MISSING', `The key file ${path} does not exist.`);
      }
      return parseKey(readFileSync(path), `key file ${path}`);
    },
  };
}

export function staticKeyProvider(key: Buffer): KeyProvider {
  const checked = parseKey(key, 'the caller');
  return { getKey: async () => Buffer.from(checked) };
}

export function generateKey(): Buffer {
  return randomBytes(KEY_BYTES);
}

/** Writes a new hex key file readable only by the owner; refuses to overwrite one. */
export function createKeyFile(path: string): Buffer {
  const key = generateKey();
  writeFileSync(path, key.toString('hex') + '\n', { mode: 0o600, flag: 'wx' });
  return key;
}
