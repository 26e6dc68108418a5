import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import type { SafeStorage } from 'electron';
import { generateKey } from '../../core/archive/key';
import {
  checkBackend,
  keyBackendFor,
  keyFailure,
  keyFromDecrypted,
  parseKeyFile,
  planKey,
  type KeyBackend,
  type KeyFailure,
  type KeyFile,
} from '../policy/archive-key';
import { writeFileAtomic } from '../util/json-file';

type Keystore = Pick<SafeStorage, 'isAsyncEncryptionAvailable' | 'encryptStringAsync' | 'decryptStringAsync' | 'getSelectedStorageBackend'>;

export type KeyLoad =
  | { ok: true; key: Buffer; backend: KeyBackend; created: boolean }
  | { ok: false; failure: KeyFailure };

/**
 * Loads the archive key (creating it only for a brand-new profile) following
 * policy/archive-key.ts. The archive itself is never touched here: on any failure the
 * caller shows the error screen and opens nothing.
 */
export async function loadArchiveKey(opts: {
  keyFile: string;
  archiveFile: string;
  keystore: Keystore;
  platform: NodeJS.Platform;
  now: () => number;
}): Promise<KeyLoad> {
  const { keystore } = opts;
  const backend = keyBackendFor(opts.platform, () => keystore.getSelectedStorageBackend());
  const plan = planKey({ keyFileExists: existsSync(opts.keyFile), archiveExists: existsSync(opts.archiveFile) });
  if (plan.action === 'fail') return { ok: false, failure: plan.failure };

  let stored: KeyFile | null = null;
  if (plan.action === 'decrypt') {
    const parsed = parseKeyFile(await readFile(opts.keyFile, 'utf8'));
    if (!parsed.ok) return { ok: false, failure: parsed.failure };
    stored = parsed.file;
  }
  const available = await keystore.isAsyncEncryptionAvailable();
  const refused = checkBackend({ backend, encryptionAvailable: available, recorded: stored?.backend ?? null });
  if (refused) return { ok: false, failure: refused };

  if (stored) {
    let text: string;
    let shouldReEncrypt = false;
    try {
      const r = await keystore.decryptStringAsync(Buffer.from(stored.encrypted, 'base64'));
      text = r.result;
      shouldReEncrypt = r.shouldReEncrypt;
    } catch {
      return { ok: false, failure: keyFailure('KEY_UNREADABLE') };
    }
    const key = keyFromDecrypted(text);
    if (!key) return { ok: false, failure: keyFailure('KEY_UNREADABLE') };
    if (shouldReEncrypt) {
      // The keystore rotated its own key; store ours under the new one (same archive key).
      const encrypted = await keystore.encryptStringAsync(key.toString('hex'));
      await writeFileAtomic(opts.keyFile, serialize({ ...stored, encrypted: encrypted.toString('base64') }));
    }
    return { ok: true, key, backend, created: false };
  }

  const key = generateKey();
  const encrypted = await keystore.encryptStringAsync(key.toString('hex'));
  // Prove the keystore gives it back before any archive depends on it.
  const check = keyFromDecrypted((await keystore.decryptStringAsync(encrypted)).result);
  if (!check || !check.equals(key)) return { ok: false, failure: keyFailure('KEY_UNREADABLE') };
  const file: KeyFile = {
    version: 1,
    backend,
    encrypted: encrypted.toString('base64'),
    createdAt: new Date(opts.now()).toISOString(),
  };
  await writeFileAtomic(opts.keyFile, serialize(file), { exclusive: true });
  return { ok: true, key, backend, created: true };
}

function serialize(file: KeyFile): string {
  return `${JSON.stringify(file, null, 2)}\n`;
}
