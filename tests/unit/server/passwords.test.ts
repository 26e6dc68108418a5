import { describe, expect, it } from 'vitest';
import { hashPassword, verifyPassword } from '../../../src/server/team/passwords';

describe('team server passwords', () => {
  it('verify against their scrypt hash, and nothing else does', async () => {
    const stored = await hashPassword('correct horse 电池 staple');
    expect(stored).toMatch(/^scrypt\$65536\$8\$1\$/);
    expect(await verifyPassword('correct horse 电池 staple', stored)).toBe(true);
    expect(await verifyPassword('correct horse 电池 stapler', stored)).toBe(false);
    expect(await verifyPassword('correct horse 电池 staple', stored.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A')))).toBe(false);
    expect(await verifyPassword('x', 'plain$text')).toBe(false);
    // a fresh salt each time
    expect(await hashPassword('correct horse 电池 staple')).not.toBe(stored);
  });
});
