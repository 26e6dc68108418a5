import { z } from 'zod';

/**
 * How the archive key is kept (ARCHITECTURE §5, §8): 32 random bytes, encrypted with the
 * OS keystore through Electron safeStorage, in a small file in userData. Two rules matter
 * more than convenience: never accept the Linux plaintext `basic_text` backend (the key
 * would sit next to the archive, effectively unencrypted), and never create a new empty
 * archive over an existing one because its key could not be read.
 */

export type LinuxBackend = 'basic_text' | 'gnome_libsecret' | 'kwallet' | 'kwallet5' | 'kwallet6' | 'unknown';
export type KeyBackend = LinuxBackend | 'dpapi' | 'keychain';

export function keyBackendFor(platform: NodeJS.Platform, linuxBackend: () => LinuxBackend): KeyBackend {
  if (platform === 'win32') return 'dpapi';
  if (platform === 'darwin') return 'keychain';
  return linuxBackend();
}

export const KeyFileSchema = z.object({
  version: z.literal(1),
  backend: z.string().min(1),
  /** safeStorage ciphertext of the key's 64 hex characters, base64. */
  encrypted: z.string().min(1).regex(/^[A-Za-z0-9+/]+={0,2}$/),
  createdAt: z.string(),
});
export type KeyFile = z.infer<typeof KeyFileSchema>;

export type KeyFailureCode =
  | 'ENCRYPTION_UNAVAILABLE'
  | 'PLAINTEXT_BACKEND'
  | 'BACKEND_CHANGED'
  | 'KEY_FILE_INVALID'
  | 'KEY_UNREADABLE'
  | 'KEY_MISSING';

/** What the error screen shows. zh-CN first, English second. */
export interface KeyFailure {
  code: KeyFailureCode;
  zh: string;
  en: string;
}

const TEXT: Record<KeyFailureCode, [zh: string, en: string]> = {
  ENCRYPTION_UNAVAILABLE: [
    '系统密钥库不可用，无法安全保存存档密钥。请登录系统密钥库（Windows 凭据 / macOS 钥匙串 / GNOME 密钥环或 KWallet）后重新启动。',
    'The system keystore is not available, so the archive key cannot be stored safely. Unlock your keystore (Windows credentials, macOS Keychain, GNOME Keyring or KWallet) and restart.',
  ],
  PLAINTEXT_BACKEND: [
    '未检测到 GNOME 密钥环或 KWallet，密钥只能以明文保存，因此拒绝启动。请安装并解锁 gnome-keyring 或 KWallet，或使用 --password-store=gnome-libsecret 启动。',
    'No GNOME Keyring or KWallet was found; the key could only be stored as plain text, so Switchboard refuses to start. Install and unlock gnome-keyring or KWallet, or start with --password-store=gnome-libsecret.',
  ],
  BACKEND_CHANGED: [
    '存档密钥由另一个密钥库保存（{recorded}），当前为 {current}。请在原来的桌面环境/密钥库下启动。存档未被改动。',
    'The archive key was stored by another keystore ({recorded}); this session uses {current}. Start Switchboard in the original desktop session/keystore. The archive was not touched.',
  ],
  KEY_FILE_INVALID: [
    '密钥文件已损坏（{detail}）。存档未被改动；请从备份恢复 archive-key.json，或联系管理员。',
    'The key file is damaged ({detail}). The archive was not touched; restore archive-key.json from a backup or contact your admin.',
  ],
  KEY_UNREADABLE: [
    '无法解密存档密钥（系统密钥库拒绝或已更换）。存档未被改动。请用原来的系统账户登录后重试；不要删除任何文件。',
    'The archive key could not be decrypted (the keystore refused or was replaced). The archive was not touched. Sign in with the original OS account and retry; do not delete any files.',
  ],
  KEY_MISSING: [
    '找到了存档，但缺少它的密钥文件。为避免数据丢失，不会新建空存档。请从备份恢复 archive-key.json。',
    'An archive exists but its key file is missing. To avoid data loss no new, empty archive is created. Restore archive-key.json from a backup.',
  ],
};

export function keyFailure(code: KeyFailureCode, vars: Record<string, string> = {}): KeyFailure {
  const fill = (s: string) => s.replace(/\{(\w+)\}/g, (_, k: string) => vars[k] ?? `{${k}}`);
  const [zh, en] = TEXT[code];
  return { code, zh: fill(zh), en: fill(en) };
}

/** May this backend hold the key? */
export function checkBackend(opts: {
  backend: KeyBackend;
  encryptionAvailable: boolean;
  recorded: string | null;
}): KeyFailure | null {
  if (opts.backend === 'basic_text' || opts.backend === 'unknown') return keyFailure('PLAINTEXT_BACKEND');
  if (!opts.encryptionAvailable) return keyFailure('ENCRYPTION_UNAVAILABLE');
  if (opts.recorded !== null && opts.recorded !== opts.backend) {
    return keyFailure('BACKEND_CHANGED', { recorded: opts.recorded, current: opts.backend });
  }
  return null;
}

export type KeyPlan = { action: 'decrypt' } | { action: 'create' } | { action: 'fail'; failure: KeyFailure };

/** Whether to read the stored key, make a new one, or stop. Never `create` over an archive. */
export function planKey(opts: { keyFileExists: boolean; archiveExists: boolean }): KeyPlan {
  if (opts.keyFileExists) return { action: 'decrypt' };
  if (opts.archiveExists) return { action: 'fail', failure: keyFailure('KEY_MISSING') };
  return { action: 'create' };
}

/** Parses the key file's text; a failure names what is wrong without echoing secrets. */
export function parseKeyFile(text: string): { ok: true; file: KeyFile } | { ok: false; failure: KeyFailure } {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { ok: false, failure: keyFailure('KEY_FILE_INVALID', { detail: 'not JSON' }) };
  }
  const parsed = KeyFileSchema.safeParse(json);
  if (!parsed.success) {
    const where = parsed.error.issues.map((i) => i.path.join('.') || '(root)').join(', ');
    return { ok: false, failure: keyFailure('KEY_FILE_INVALID', { detail: `bad fields: ${where}` }) };
  }
  return { ok: true, file: parsed.data };
}

/** The decrypted text must be exactly a 32-byte key in hex; anything else is unreadable. */
export function keyFromDecrypted(text: string): Buffer | null {
  return /^[0-9a-f]{64}$/.test(text) ? Buffer.from(text, 'hex') : null;
}
