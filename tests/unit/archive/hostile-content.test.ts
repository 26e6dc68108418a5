import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { putMedia, sanitizeFilename, mediaPath } from '../../../src/core/archive/media-store';
import { ACCOUNT, account, msg, tempArchive } from '../../helpers/archive';
import { tempDir } from '../../helpers/temp';

const HOSTILE: Record<string, string> = {
  html: '<img src=x onerror="alert(1)"><script>window.pwned=1</script>',
  big: 'x'.repeat(1024 * 1024 - 3) + '价格',
  surrogate: 'before \ud800 middle \udfff after',
  nul: 'nul\u0000inside\u0000text',
  rtl: '\u202egnp.exe \u200b\ufeff zero-width',
  sql: "'); DROP TABLE messages; --",
  emoji: '👨‍👩‍👧‍👦🏳️‍🌈',
};

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' }).map((f) => path.join(dir, f)).filter((f) => statSync(f).isFile());
}

describe('hostile content', () => {
  it('is stored and returned byte-exact: bodies, captions, filenames, raw JSON', async () => {
    const { archive } = await tempArchive();
    await archive.write([account()]);
    const entries = Object.entries(HOSTILE);
    await archive.write(entries.map(([k, body]) => msg({ id: `h-${k}`, body, caption: body, raw: JSON.stringify({ body }) })));
    await archive.write(entries.map(([k, body]) => ({
      op: 'media' as const, accountId: ACCOUNT, messageId: `h-${k}`, status: 'pending' as const, filename: `../../${body.slice(0, 200)}`,
    })));
    for (const [k, body] of entries) {
      const d = (await archive.query('messageDetail', { accountId: ACCOUNT, messageId: `h-${k}` }))!;
      expect(d.message.body, k).toBe(body);
      expect(d.message.caption, k).toBe(body);
      expect(JSON.parse(d.raw!), k).toEqual({ body });
      expect(d.message.media?.filename, k).toBe(`../../${body.slice(0, 200)}`);
    }
    expect((await archive.query('search', { query: '价格' })).hits.map((h) => h.message.waId)).toEqual(['h-big']);
    expect((await archive.query('search', { query: 'onerror' })).hits.map((h) => h.message.waId)).toEqual(['h-html']);
    const v = await archive.query('verify');
    expect(v.ok).toBe(true);
  });

  it('media files land only under media/<2 hex>/<sha256>, whatever the message says', async () => {
    const root = tempDir();
    const mediaDir = path.join(root, 'media');
    const stored = await putMedia(mediaDir, Buffer.from('%PDF-1.4 fake but bytes are bytes'));
    expect(stored.created).toBe(true);
    expect(mediaPath(mediaDir, stored.sha256)).toBe(path.join(mediaDir, stored.sha256.slice(0, 2), stored.sha256));
    expect((await putMedia(mediaDir, Buffer.from('%PDF-1.4 fake but bytes are bytes'))).created).toBe(false);
    for (const evil of ['../../etc/passwd', '..', '/abs', 'AB'.repeat(32), `${'a'.repeat(63)}/`, '']) {
      expect(() => mediaPath(mediaDir, evil), evil).toThrow(/Not a media id/);
    }
    await expect(putMedia(mediaDir, Buffer.alloc(11), 10)).rejects.toMatchObject({ code: 'MEDIA_TOO_LARGE' });
    expect(filesUnder(root).every((f) => f.startsWith(mediaDir + path.sep))).toBe(true);
    expect(filesUnder(root)).toHaveLength(1);
  });

  it('sanitizes filenames for display and download', () => {
    expect(sanitizeFilename('../../etc/passwd')).toBe('passwd');
    expect(sanitizeFilename('..\\..\\windows\\system32\\cmd.exe')).toBe('cmd.exe');
    expect(sanitizeFilename('CON.txt')).toBe('_CON.txt');
    expect(sanitizeFilename('报价单<v2>?.xlsx')).toBe('报价单_v2__.xlsx');
    expect(sanitizeFilename('a\u0000b\u001f.pdf')).toBe('ab.pdf');
    expect(sanitizeFilename(' .. ')).toBeNull();
    expect(sanitizeFilename(`${'名'.repeat(300)}.pdf`)).toBe(`${'名'.repeat(196)}.pdf`);
  });
});
