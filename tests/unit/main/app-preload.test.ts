import { describe, expect, it } from 'vitest';
import { mediaUrlFor } from '../../../src/preload/media';
import { MEDIA_ORIGIN, mediaUrl } from '../../../src/shared/media-url';

describe('app preload media URLs', () => {
  it('build exactly what shared/media-url.ts builds', () => {
    const sha = '0123456789abcdef'.repeat(4);
    expect(mediaUrlFor(sha)).toBe(mediaUrl(MEDIA_ORIGIN, sha));
  });

  it.each(['../etc/passwd', 'A'.repeat(64), 'a'.repeat(63), 42, null])('refuse %j like the shared helper', (bad) => {
    expect(() => mediaUrlFor(bad)).toThrow('not a sha256');
    expect(() => mediaUrl(MEDIA_ORIGIN, bad as string)).toThrow();
  });
});
