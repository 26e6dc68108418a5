import { describe, expect, expectTypeOf, it } from 'vitest';
import type { AccountView } from '../../../src/shared/account-views';
import {
  CHANNEL_NAMES, CHANNELS, type ChannelInput, type ChannelOutput, EVENT_NAMES, type EventPayload, isChannelName,
} from '../../../src/shared/contract';
import { mediaUrl, MEDIA_ORIGIN, sha256FromMediaPath } from '../../../src/shared/media-url';

describe('IPC contract', () => {
  it('names every channel domain.verb and every event domain.noun, without duplicates', () => {
    for (const name of [...CHANNEL_NAMES, ...EVENT_NAMES]) expect(name).toMatch(/^[a-z]+\.[a-zA-Z]+$/);
    expect(new Set(CHANNEL_NAMES).size).toBe(CHANNEL_NAMES.length);
    expect(isChannelName('toString')).toBe(false);
    expect(isChannelName('__proto__')).toBe(false);
  });

  it('rejects unknown keys on every channel (strict inputs)', () => {
    for (const name of CHANNEL_NAMES) {
      const r = CHANNELS[name].input.safeParse({ surprise: 1 });
      expect(r.success, name).toBe(false);
    }
  });

  it('makes every admin channel carry a passphrase, and only those', () => {
    for (const name of CHANNEL_NAMES) {
      const def = CHANNELS[name];
      const shape = (def.input as unknown as { shape?: Record<string, unknown> }).shape ?? {};
      expect('passphrase' in shape, name).toBe(def.admin);
    }
  });

  it('validates a proxy as scheme://host:port', () => {
    const proxy = CHANNELS['accounts.setProxy'].input;
    const ok = (p: string) => proxy.safeParse({ accountId: 'a', proxy: p, passphrase: 'x' }).success;
    expect(ok('socks5://127.0.0.1:1080')).toBe(true);
    expect(ok('http://user:pw@proxy.example.com:8080')).toBe(true);
    expect(ok('ftp://proxy:21')).toBe(false);
    expect(ok('http://proxy.example.com')).toBe(false);
    expect(ok('socks5://a b:1')).toBe(false);
  });

  it('types inputs and outputs from the table', () => {
    expectTypeOf<ChannelOutput<'accounts.list'>>().toEqualTypeOf<AccountView[]>();
    expectTypeOf<ChannelInput<'archive.markSeen'>>().toEqualTypeOf<{ accountId: string; chatId: string; upTo: number }>();
    expectTypeOf<EventPayload<'account.qr'>>().toEqualTypeOf<{ accountId: string; qr: string }>();
  });

  it('builds media URLs from a sha256 only', () => {
    const sha = 'a'.repeat(64);
    expect(mediaUrl(MEDIA_ORIGIN, sha)).toBe(`sb-media://sha256/${sha}`);
    expect(() => mediaUrl(MEDIA_ORIGIN, '../etc/passwd')).toThrow();
    expect(sha256FromMediaPath(`/${sha}`)).toBe(sha);
    expect(sha256FromMediaPath(`/${sha}/x`)).toBeNull();
    expect(sha256FromMediaPath('/../../etc/passwd')).toBeNull();
  });
});
