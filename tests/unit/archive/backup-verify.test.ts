import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Archive } from '../../../src/core/archive/archive';
import { generateKey, staticKeyProvider } from '../../../src/core/archive/key';
import { openDatabase } from '../../../src/core/archive/open';
import { account, msg, tempArchive, track } from '../../helpers/archive';
import { tempDir } from '../../helpers/temp';

describe('backup and verify', () => {
  it('takes an encrypted, consistent backup while writes go on', async () => {
    const { archive, key } = await tempArchive();
    await archive.write([account(), ...Array.from({ length: 2000 }, (_, i) => msg({ id: `m${i}`, body: `precio ${i}` }))]);
    const target = path.join(tempDir(), 'backup.db');
    const writes = Promise.all(Array.from({ length: 20 }, (_, b) =>
      archive.write(Array.from({ length: 100 }, (_, i) => msg({ id: `late${b}-${i}` })))));
    await archive.backup(target);
    await writes;
    expect(readFileSync(target).includes(Buffer.from('precio'))).toBe(false);
    const copy = track(await Archive.open({ file: target, keys: staticKeyProvider(key), readOnly: true }));
    const v = await copy.query('verify');
    expect(v).toMatchObject({ ok: true, integrity: ['ok'] });
    const n = (await copy.query('stats')).messages;
    // a snapshot: everything committed before it started, and whole batches only
    expect(n).toBeGreaterThanOrEqual(2000);
    expect((n - 2000) % 100).toBe(0);
    expect((await copy.query('search', { query: 'precio 1999' })).hits).toHaveLength(1);
    await expect(archive.backup(target)).rejects.toMatchObject({ code: 'INVALID_OPERATION' });
    await expect(Archive.open({ file: target, keys: staticKeyProvider(generateKey()), readOnly: true }))
      .rejects.toMatchObject({ code: 'KEY_MISMATCH' });
  });

  it('detects a tampered audit log', async () => {
    const { archive, key, file } = await tempArchive();
    await archive.write([
      { op: 'audit', actor: 'admin', action: 'export.all', target: null, detail: { accounts: 3 } },
      { op: 'audit', actor: 'admin', action: 'account.remove', target: 'acc-9' },
      { op: 'audit', actor: 'admin', action: 'purge', target: 'acc-9' },
    ]);
    const ok = await archive.query('verify');
    expect(ok.audit).toEqual({ ok: true, entries: 3 });
    await archive.close();
    // someone with the key drops the guard and rewrites history
    const db = openDatabase(file, key);
    db.exec('DROP TRIGGER audit_log_no_update');
    db.prepare("UPDATE audit_log SET target = 'acc-1' WHERE seq = 2").run();
    db.close();
    const again = track(await Archive.open({ file, keys: staticKeyProvider(key), readOnly: true }));
    const bad = await again.query('verify');
    expect(bad.ok).toBe(false);
    expect(bad.audit).toMatchObject({ ok: false, brokenAt: 2 });
  });
});
