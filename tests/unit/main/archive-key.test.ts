import { describe, expect, it } from 'vitest';
import {
  checkBackend,
  keyBackendFor,
  keyFromDecrypted,
  parseKeyFile,
  planKey,
} from '../../../src/main/policy/archive-key';

describe('safeStorage backend policy', () => {
  it('names the backend per platform', () => {
    expect(keyBackendFor('win32', () => 'basic_text')).toBe('dpapi');
    expect(keyBackendFor('darwin', () => 'basic_text')).toBe('keychain');
    expect(keyBackendFor('linux', () => 'kwallet6')).toBe('kwallet6');
  });

  it('refuses the Linux plaintext backend, even if encryption reports available', () => {
    const f = checkBackend({ backend: 'basic_text', encryptionAvailable: true, recorded: null });
    expect(f?.code).toBe('PLAINTEXT_BACKEND');
    expect(f?.zh).toMatch(/明文/);
    expect(f?.en).toMatch(/plain text/);
    expect(checkBackend({ backend: 'unknown', encryptionAvailable: true, recorded: null })?.code).toBe('PLAINTEXT_BACKEND');
  });

  it('accepts a real keystore; refuses when unavailable', () => {
    expect(checkBackend({ backend: 'gnome_libsecret', encryptionAvailable: true, recorded: null })).toBeNull();
    expect(checkBackend({ backend: 'dpapi', encryptionAvailable: true, recorded: 'dpapi' })).toBeNull();
    expect(checkBackend({ backend: 'keychain', encryptionAvailable: false, recorded: null })?.code).toBe('ENCRYPTION_UNAVAILABLE');
  });

  it('refuses when the recorded backend changed, naming both', () => {
    const f = checkBackend({ backend: 'gnome_libsecret', encryptionAvailable: true, recorded: 'kwallet5' });
    expect(f?.code).toBe('BACKEND_CHANGED');
    expect(f?.en).toContain('kwallet5');
    expect(f?.en).toContain('gnome_libsecret');
  });
});

describe('key plan: never a new empty archive over an existing one', () => {
  it.each([
    [{ keyFileExists: true, archiveExists: true }, 'decrypt'],
    [{ keyFileExists: true, archiveExists: false }, 'decrypt'],
    [{ keyFileExists: false, archiveExists: false }, 'create'],
    [{ keyFileExists: false, archiveExists: true }, 'fail'],
  ] as const)('%j → %s', (input, action) => {
    const plan = planKey(input);
    expect(plan.action).toBe(action);
    if (plan.action === 'fail') expect(plan.failure.code).toBe('KEY_MISSING');
  });
});

describe('key file', () => {
  const good = { version: 1, backend: 'dpapi', encrypted: 'AAECAw==', createdAt: '2025-01-01T00:00:00Z' };

  it('parses a valid file', () => {
    const r = parseKeyFile(JSON.stringify(good));
    expect(r.ok && r.file.backend).toBe('dpapi');
  });

  it('reports damage by field without echoing content', () => {
    const r = parseKeyFile(JSON.stringify({ ...good, encrypted: 'not base64!' }));
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.failure.code).toBe('KEY_FILE_INVALID');
      expect(r.failure.en).toContain('encrypted');
      expect(r.failure.en).not.toContain('not base64');
    }
    expect(parseKeyFile('{').ok).toBe(false);
    expect(parseKeyFile(JSON.stringify({ ...good, version: 2 })).ok).toBe(false);
  });

  it('accepts only exactly 32 bytes of lower-case hex after decryption', () => {
    expect(keyFromDecrypted('ab'.repeat(32))?.length).toBe(32);
    expect(keyFromDecrypted('ab'.repeat(31))).toBeNull();
    expect(keyFromDecrypted('')).toBeNull();
    expect(keyFromDecrypted(`${'ab'.repeat(32)}\n`)).toBeNull();
  });
});
