import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';

/**
 * The admin passphrase gates destructive and bulk actions (ARCHITECTURE §8). Only a salted
 * scrypt hash is stored (in the archive's settings, which are encrypted at rest).
 */
export const StoredPassphrase = z.strictObject({
  salt: z.string().regex(/^[0-9a-f]{32}$/),
  hash: z.string().regex(/^[0-9a-f]{64}$/),
  N: z.number().int().min(1024).max(2 ** 20),
  r: z.number().int().min(1).max(32),
  p: z.number().int().min(1).max(16),
});
export type StoredPassphrase = z.infer<typeof StoredPassphrase>;

const PARAMS = { N: 2 ** 15, r: 8, p: 1 };

function derive(passphrase: string, salt: Buffer, params: { N: number; r: number; p: number }): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(passphrase.normalize('NFKC'), salt, 32, { ...params, maxmem: 256 * params.N * params.r }, (err, key) =>
      err ? reject(err) : resolve(key));
  });
}

export async function hashPassphrase(passphrase: string): Promise<StoredPassphrase> {
  const salt = randomBytes(16);
  const hash = await derive(passphrase, salt, PARAMS);
  return { salt: salt.toString('hex'), hash: hash.toString('hex'), ...PARAMS };
}

export async function verifyPassphrase(passphrase: string, stored: StoredPassphrase): Promise<boolean> {
  const hash = await derive(passphrase, Buffer.from(stored.salt, 'hex'), stored);
  return timingSafeEqual(hash, Buffer.from(stored.hash, 'hex'));
}
