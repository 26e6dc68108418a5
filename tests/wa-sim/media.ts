import { createHash } from 'node:crypto';
import { encodePng } from '../helpers/png';

/**
 * Real bytes for simulated media. Images are valid PNGs (the demo shows them); the other
 * kinds carry their format's magic header and random content, which is all capture needs:
 * it must store exactly these bytes, and tests compare them by sha256.
 */

export type MediaKind = 'image' | 'video' | 'audio' | 'ptt' | 'document' | 'sticker';

export interface MediaBytes {
  bytes: Buffer;
  mimetype: string;
  filename: string | null;
  duration?: number;
}

export type Rng = () => number;

/** A valid RGB PNG of w×h with a random two-colour gradient. */
export function png(w: number, h: number, rng: Rng): Buffer {
  const c1 = [rng(), rng(), rng()].map((v) => Math.floor(v * 256));
  const c2 = [rng(), rng(), rng()].map((v) => Math.floor(v * 256));
  return encodePng(w, h, (x, y) => {
    const f = (x + y) / (w + h);
    const c = (i: number) => Math.round(c1[i]! * (1 - f) + c2[i]! * f);
    return [c(0), c(1), c(2)];
  });
}

function randomBytes(n: number, rng: Rng): Buffer {
  const b = Buffer.alloc(n);
  for (let i = 0; i < n; i++) b[i] = Math.floor(rng() * 256);
  return b;
}

function pdf(title: string, rng: Rng): Buffer {
  const id = randomBytes(8, rng).toString('hex');
  const text = `%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\n` +
    `% ${title.replace(/[^\x20-\x7e]/g, '?')} ${id}\ntrailer << /Root 1 0 R >>\n%%EOF\n`;
  return Buffer.from(text, 'latin1');
}

/** Bytes for one media message; `size` pads non-image kinds (for size-cap tests). */
export function mediaBytes(kind: MediaKind, rng: Rng, opts: { filename?: string | null; size?: number } = {}): MediaBytes {
  const pad = (head: Buffer, min: number) => Buffer.concat([head, randomBytes(Math.max(opts.size ?? min, head.length) - head.length, rng)]);
  switch (kind) {
    case 'image':
      return { bytes: opts.size ? pad(png(8, 8, rng), opts.size) : png(24 + Math.floor(rng() * 24), 16 + Math.floor(rng() * 16), rng), mimetype: 'image/png', filename: null };
    case 'sticker':
      return { bytes: pad(Buffer.from('RIFF\0\0\0\0WEBPVP8L', 'latin1'), 2048), mimetype: 'image/webp', filename: null };
    case 'video':
      return { bytes: pad(Buffer.from('\0\0\0\x18ftypmp42\0\0\0\0isommp42', 'latin1'), 6000), mimetype: 'video/mp4', filename: null, duration: 3 };
    case 'audio':
      return { bytes: pad(Buffer.from('ID3\x04\0\0\0\0\0\0', 'latin1'), 4000), mimetype: 'audio/mpeg', filename: null, duration: 12 };
    case 'ptt':
      return { bytes: pad(Buffer.from('OggS\0\x02', 'latin1'), 3000), mimetype: 'audio/ogg; codecs=opus', filename: null, duration: 5 };
    case 'document': {
      const filename = opts.filename === undefined ? 'quote.pdf' : opts.filename;
      const bytes = opts.size ? pad(pdf(filename ?? 'doc', rng), opts.size) : pdf(filename ?? 'doc', rng);
      return { bytes, mimetype: 'application/pdf', filename };
    }
  }
}

export function sha256(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** Deterministic PRNG (mulberry32) so seeded worlds are reproducible. */
export function seededRng(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
