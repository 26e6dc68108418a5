import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Archive } from '../../src/core/archive/archive';
import { staticKeyProvider } from '../../src/core/archive/key';
import { hashPassphrase } from '../../src/core/app/admin-passphrase';
import { AppStore } from '../../src/core/app/app-store';
import { main } from '../../src/cli/index';
import type { Output } from '../../src/cli/output';
import { tempArchive } from '../helpers/archive';
import { tempDir } from '../helpers/temp';
import { ANA, seedWorld } from '../unit/crm/world';

function collect(): Output & { out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, line: (t) => out.push(t), error: (t) => err.push(t), json: (v) => out.push(JSON.stringify(v)) };
}

async function profile(opts: { seed?: boolean; admin?: string } = {}) {
  const t = await tempArchive();
  if (opts.seed !== false) await seedWorld(t.archive);
  if (opts.admin) await (await AppStore.load(t.archive)).savePassphrase(await hashPassphrase(opts.admin), { actor: 'admin', action: 'admin.setPassphrase' });
  await t.archive.close();
  const dir = tempDir();
  const keyFile = path.join(dir, 'key.hex');
  writeFileSync(keyFile, t.key.toString('hex'));
  const secret = (name: string, value: string) => {
    const f = path.join(dir, name);
    writeFileSync(f, `${value}\n`);
    return f;
  };
  return { ...t, keyFile, secret };
}

async function run(...argv: string[]) {
  const o = collect();
  const code = await main(argv, o);
  return { code, out: o.out.join('\n'), err: o.err.join('\n') };
}

describe('switchboard export, import, handover', () => {
  it('exports a bundle (admin passphrase required when set), imports it twice into another profile, rejects a damaged one', async () => {
    const src = await profile({ admin: 'admin-secret-1' });
    const dst = await profile({ seed: false });
    const out = tempDir();
    const bundle = path.join(out, 'team.sbb');
    const base = ['export', src.dir, '--format', 'bundle', '--out', bundle, '--account', 'acc-1', '--account', 'acc-2', '--key-file', src.keyFile];
    let r = await run(...base);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/admin passphrase: pass --admin-passphrase-file/);
    r = await run(...base, '--admin-passphrase-file', src.secret('wrong', 'nope'));
    expect(r).toMatchObject({ code: 1, err: expect.stringMatching(/admin passphrase is wrong/) });
    r = await run(...base, '--admin-passphrase-file', src.secret('admin', 'admin-secret-1'), '--passphrase-file', src.secret('bundle', 'bündel pass'));
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/Bundle written to .*team\.sbb \(encrypted\)/);

    const imp = ['import', dst.dir, bundle, '--key-file', dst.keyFile];
    r = await run(...imp);
    expect(r).toMatchObject({ code: 1, err: expect.stringMatching(/encrypted: give its passphrase/) });
    r = await run(...imp, '--passphrase-file', dst.secret('p', 'bündel pass'));
    expect(r).toMatchObject({ code: 0, out: expect.stringMatching(/6 new messages/) });
    r = await run(...imp, '--passphrase-file', dst.secret('p', 'bündel pass'), '--json');
    expect(JSON.parse(r.out)).toMatchObject({ messagesInserted: 0 });

    const damaged = path.join(out, 'damaged.sbb');
    const bytes = readFileSync(bundle);
    bytes[bytes.length - 100] = bytes[bytes.length - 100]! ^ 0xff;
    writeFileSync(damaged, bytes);
    r = await run('import', dst.dir, damaged, '--key-file', dst.keyFile, '--passphrase-file', dst.secret('p', 'bündel pass'));
    expect(r).toMatchObject({ code: 1, err: expect.stringMatching(/damaged, incomplete or was changed.*Nothing was imported/) });
  });

  it('exports a chat as HTML and a range as CSV, and imports a WhatsApp .txt', async () => {
    const p = await profile();
    const out = tempDir();
    let r = await run('export', p.dir, '--format', 'html', '--out', out, '--account', 'acc-1', '--chat', ANA, '--key-file', p.keyFile);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/2 messages in 1 file/);
    r = await run('export', p.dir, '--format', 'csv', '--out', out, '--from', '2024-04-01', '--to', '2024-06-01', '--key-file', p.keyFile);
    expect(r.code).toBe(0);
    expect(readdirSync(out).filter((f) => f.endsWith('.csv'))).toHaveLength(5);
    r = await run('export', p.dir, '--format', 'docx', '--out', out, '--key-file', p.keyFile);
    expect(r).toMatchObject({ code: 2, err: expect.stringMatching(/--format must be one of html, pdf, csv, json, bundle/) });
    r = await run('export', p.dir, '--format', 'html', '--out', out, '--chat', ANA, '--key-file', p.keyFile);
    expect(r.code).toBe(2);

    const txt = path.join(out, 'chat.txt');
    writeFileSync(txt, '5/13/24, 9:00 AM - Ana: Any news?\n5/13/24, 9:05 AM - Me: Shipping today\n');
    r = await run('import', p.dir, txt, '--account', 'acc-1', '--chat', ANA, '--time-zone', 'Europe/Madrid', '--key-file', p.keyFile);
    expect(r).toMatchObject({ code: 0, out: expect.stringMatching(/2 imported, 0 already in the archive/) });
    r = await run('import', p.dir, txt, '--key-file', p.keyFile);
    expect(r).toMatchObject({ code: 2, err: expect.stringMatching(/give --account and --chat/) });

    // every day ≤ 12: the CLI stops, shows both readings and names --date-order; nothing is imported
    const us = path.join(out, 'us.txt');
    writeFileSync(us, '[1/5/24, 9:02:11\u202fAM] Ana: Sample ready?\n[1/5/24, 9:04:00\u202fAM] Me: Yes\n');
    const before = await messageCount(p);
    r = await run('import', p.dir, us, '--account', 'acc-1', '--chat', ANA, '--time-zone', 'UTC', '--key-file', p.keyFile);
    expect(r).toMatchObject({ code: 1, err: expect.stringMatching(/day\/month\/year \(--date-order dmy: 2024-05-01\) or month\/day\/year \(--date-order mdy: 2024-01-05\)/) });
    expect(await messageCount(p)).toBe(before);
    r = await run('import', p.dir, us, '--account', 'acc-1', '--chat', ANA, '--time-zone', 'UTC', '--date-order', 'sideways', '--key-file', p.keyFile);
    expect(r).toMatchObject({ code: 2, err: expect.stringMatching(/--date-order must be one of dmy, mdy, ymd/) });
    r = await run('import', p.dir, us, '--account', 'acc-1', '--chat', ANA, '--time-zone', 'UTC', '--date-order', 'mdy', '--key-file', p.keyFile, '--json');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out)).toMatchObject({ imported: 2 });
    expect(await messageTimes(p, 'Sample ready?')).toEqual([Date.UTC(2024, 0, 5, 9, 2, 11)]);
  });

  it('hands over with a dry run first, then for real; offboards with a bundle', async () => {
    const p = await profile();
    let r = await run('handover', p.dir, '--from', 'rep-a', '--to', 'rep-c', '--all', '--dry-run', '--key-file', p.keyFile);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^Would hand over from Alice to Carol:/);
    expect(r.out).toMatch(/Accounts \(2\): Sales 1 \[acc-1\], Sales 3 \[acc-3\]/);
    r = await run('handover', p.dir, '--from', 'rep-a', '--to', 'rep-c', '--account', 'acc-3', '--key-file', p.keyFile, '--json');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out)).toMatchObject({ accounts: [{ accountId: 'acc-3' }] });
    const bundle = path.join(tempDir(), 'bob.sbb');
    r = await run('handover', p.dir, '--from', 'rep-b', '--to', 'rep-c', '--offboard', '--bundle', bundle, '--key-file', p.keyFile);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/Bob is deactivated\. Nothing of theirs was deleted\./);
    expect(existsSync(bundle)).toBe(true);
    r = await run('handover', p.dir, '--from', 'rep-a', '--to', 'rep-a', '--all', '--key-file', p.keyFile);
    expect(r).toMatchObject({ code: 1, err: expect.stringMatching(/two different people/) });
    r = await run('handover', p.dir, '--from', 'rep-a', '--key-file', p.keyFile);
    expect(r.code).toBe(2);

    const { archive } = await Archive.openProfile(p.dir, staticKeyProvider(p.key), { readOnly: true });
    try {
      expect(Object.fromEntries((await archive.query('accounts')).map((a) => [a.id, a.ownerId]))).toEqual({ 'acc-1': 'rep-a', 'acc-2': 'rep-c', 'acc-3': 'rep-c' });
      expect((await archive.query('people')).find((x) => x.id === 'rep-b')?.active).toBe(false);
    } finally {
      await archive.close();
    }
  });
});

async function messageCount(p: { dir: string; key: Buffer }): Promise<number> {
  const { archive } = await Archive.openProfile(p.dir, staticKeyProvider(p.key), { readOnly: true });
  try {
    return (await archive.query('stats')).messages;
  } finally {
    await archive.close();
  }
}

async function messageTimes(p: { dir: string; key: Buffer }, text: string): Promise<number[]> {
  const { archive } = await Archive.openProfile(p.dir, staticKeyProvider(p.key), { readOnly: true });
  try {
    const page = await archive.query('thread', { accountId: 'acc-1', chatId: ANA, limit: 500 });
    return page.messages.filter((m) => m.text === text).map((m) => m.ts);
  } finally {
    await archive.close();
  }
}
