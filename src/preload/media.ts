/**
 * The media URL for a sha256, as shared/media-url.ts builds it (the preload cannot import
 * values from src/shared); tests/unit/main/app-preload.test.ts keeps the two identical.
 */
const MEDIA_ORIGIN = 'sb-media://sha256';
const SHA256 = /^[0-9a-f]{64}$/;

export function mediaUrlFor(sha256: unknown): string {
  if (typeof sha256 !== 'string' || !SHA256.test(sha256)) throw new Error('mediaUrl: not a sha256');
  return `${MEDIA_ORIGIN}/${sha256}`;
}
