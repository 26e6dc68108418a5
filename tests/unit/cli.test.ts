import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/index';
import type { Output } from '../../src/cli/output';
import { ACCOUNT, account, msg, tempArchive } from '../helpers/archive';
import { tempDir } from '../helpers/temp';

function collect(): Output & { out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, line: (t) => out.push(t), error: (t) => err.push(t), json: (v) => out.push(JSON.stringify(v)) };
}

async function profileWithKeyFile() {
  const t = await tempArchive();
  await t.archive.write([account(), msg({ id: 'q1', body: '请把报价单发给我 price list', timestamp: Date.UTC(2024, 4, 1, 9) }),
    { op: 'upsertContact', accountId: ACCOUNT, contactId: '34600000001@c.us', pushName: 'Wang' }]);
  await t.archive.close();
  const keyFile = path.join(tempDir(), 'key.hex');
  writeFileSync(keyFile, t.key.toString('hex'));
  return { ...t, keyFile };
}

describe('switchboard CLI', () => {
  it('searches, prints stats, backs up and verifies a profile', async () => {
    const { dir, keyFile } = await profileWithKeyFile();
    let o = collect();
    expect(await main(['search', dir, '报价', '--key-file', keyFile], o)).toBe(0);
    expect(o.out).toEqual([expect.stringMatching(/^2024-05-01 \d\d:00 {2}\[Sales 1\] Wang · Wang: 请把报价单发给我 price list$/)]);
    o = collect();
    expect(await main(['search', dir, 'price', '--key-file', keyFile, '--json', '--from', '2024-05-02'], o)).toBe(0);
    expect(JSON.parse(o.out[0]!)).toMatchObject({ hits: [] });
    o = collect();
    expect(await main(['stats', dir, '--key-file', keyFile, '--json'], o)).toBe(0);
    expect(JSON.parse(o.out[0]!)).toMatchObject({ accounts: 1, messages: 1, contacts: 1 });
    const backup = path.join(tempDir(), 'b.db');
    o = collect();
    expect(await main(['backup', dir, backup, '--key-file', keyFile], o)).toBe(0);
    o = collect();
    expect(await main(['verify', backup, '--key-file', keyFile], o)).toBe(0);
    expect(o.out.at(-1)).toBe('OK');
    o = collect();
    expect(await main(['verify', dir, '--key-file', keyFile], o)).toBe(0);
  });

  it('says clearly what is wrong: wrong key, missing folder, damaged file, bad usage', async () => {
    const { dir, keyFile } = await profileWithKeyFile();
    const wrongKey = path.join(tempDir(), 'wrong.hex');
    writeFileSync(wrongKey, 'ab'.repeat(32));
    let o = collect();
    expect(await main(['stats', dir, '--key-file', wrongKey], o)).toBe(1);
    expect(o.err.join('\n')).toMatch(/archive key does not match/);
    o = collect();
    expect(await main(['stats', path.join(dir, 'nope'), '--key-file', keyFile], o)).toBe(1);
    expect(o.err.join('\n')).toMatch(/does not exist/);
    const damaged = path.join(tempDir(), 'damaged.db');
    writeFileSync(damaged, Buffer.alloc(4096, 0x41));
    o = collect();
    expect(await main(['verify', damaged, '--key-file', keyFile], o)).toBe(1);
    expect(o.err.join("\n")).toMatch(/does not match .*\(or the file is damaged\)/);
    o = collect();
    expect(await main(['search', dir, 'x', '--kind', 'nonsense', '--key-file', keyFile], o)).toBe(2);
    expect(o.err.join('\n')).toMatch(/--kind must be one of/);
    o = collect();
    expect(await main(['stats', dir], o)).toBe(1);
    expect(o.err.join('\n')).toMatch(/SWITCHBOARD_ARCHIVE_KEY/);
    o = collect();
    expect(await main(['frobnicate'], o)).toBe(2);
    expect(o.err.join('\n')).toMatch(/Unknown command "frobnicate"/);
    o = collect();
    expect(await main(['search', dir, 'x', '--from', 'yesterday', '--key-file', keyFile], o)).toBe(2);
  });
});
