import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import { z } from 'zod';
import type { KeyProvider } from './key';

/**
 * Secrets kept in the archive's settings (translation providers' API keys, the team server's
 * device token) are sealed with AES-256-GCM under a key derived from the archive key by HKDF.
 *
 * Why not plain values in the (already SQLCipher-encrypted) settings table: settings are read
 * as a whole (`settings` query → the app, diagnostics, exports), so a plaintext key would
 * travel with every such read. Sealed, a key is only ever opened in core, by the
 * service that uses it (a provider being built, the replicator connecting); everything else
 * sees ciphertext. The
 * derived key is bound to this archive: a backup keeps working (same archive key), a copy of
 * the settings elsewhere does not. The context (a provider id, the team token's name) is the
 * GCM associated data, so a sealed DeepL key cannot be replayed as the Azure key.
 */
export const SealedSecret = z.object({
  v: z.literal(1),
  iv: z.string().regex(/^[A-Za-z0-9+/=]+$/),
  tag: z.string().regex(/^[A-Za-z0-9+/=]+$/),
  ct: z.string().regex(/^[A-Za-z0-9+/=]*$/),
});
export type SealedSecret = z.infer<typeof SealedSecret>;

// The first user was translation; the label stays so keys sealed then still open.
const INFO = 'switchboard/translate-secrets/v1';

/** A sealed secret that this archive's key cannot open (another archive's, or tampered). */
export class SealedSecretError extends Error {
  constructor(readonly context: string, options?: { cause?: unknown }) {
    super(`The stored secret for ${context} cannot be opened with this archive's key.`, options);
    this.name = 'SealedSecretError';
  }
}

export class SecretBox {
  private constructor(private readonly key: Buffer) {}

  static async fromArchiveKeys(keys: KeyProvider): Promise<SecretBox> {
    const archiveKey = await keys.getKey();
    return new SecretBox(Buffer.from(hkdfSync('sha256', archiveKey, Buffer.from('switchboard'), Buffer.from(INFO), 32)));
  }

  seal(plain: string, context: string): SealedSecret {
    const iv = randomBytes(12);
    const c = createCipheriv('aes-256-gcm', this.key, iv);
    c.setAAD(Buffer.from(context));
    const ct = Buffer.concat([c.update(plain, 'utf8'), c.final()]);
    return { v: 1, iv: iv.toString('base64'), tag: c.getAuthTag().toString('base64'), ct: ct.toString('base64') };
  }

  open(sealed: SealedSecret, context: string): string {
    try {
      const d = createDecipheriv('aes-256-gcm', this.key, Buffer.from(sealed.iv, 'base64'));
      d.setAAD(Buffer.from(context));
      d.setAuthTag(Buffer.from(sealed.tag, 'base64'));
      return Buffer.concat([d.update(Buffer.from(sealed.ct, 'base64')), d.final()]).toString('utf8');
    } catch (err) {
      throw new SealedSecretError(context, { cause: err });
    }
  }
}
