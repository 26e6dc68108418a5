import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { deflateRawSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { LATEST_VERSION } from '../../src/core/archive/migrations';
import { exportBundle } from '../../src/core/exchange/bundle-export';
import { BundleWriter } from '../../src/core/exchange/bundle-format';
import { importBundle, verifyBundle } from '../../src/core/exchange/bundle-import';
import { type TempArchive, tempArchive } from '../helpers/archive';
import { tempDir } from '../helpers/temp';
import { canonicalState, seedRich } from './exchange-fixtures';

const media = (t: TempArchive) => path.join(t.dir, 'media');
const stateOf = (t: TempArchive) => canonicalState(t.file, t.key, media(t));
const ALL = ['acc-1', 'acc-2', 'acc-3'];

let source: TempArchive;
let plainFile: string;
let sealedFile: string;
const PASS = 'Tr4de-w1nds 交接 2024';

beforeAll(async () => {
  source = await tempArchive('file');
  await seedRich(source.archive, media(source));
  const dir = tempDir('sb-bundles-', 'file');
  plainFile = path.join(dir, 'all.sbb');
  sealedFile = path.join(dir, 'all-encrypted.sbb');
  await exportBundle({ archive: source.archive, mediaDir: media(source), file: plainFile, accountIds: ALL });
  await exportBundle({ archive: source.archive, mediaDir: media(source), file: sealedFile, accountIds: ALL, passphrase: PASS });
});

async function rejects(target: TempArchive, file: string, pass: string | null, code: string | RegExp): Promise<void> {
  const before = stateOf(target);
  const err = await importBundle({ archive: target.archive, mediaDir: media(target), file, passphrase: pass }).then(() => null, (e: unknown) => e);
  expect(err, `import of ${path.basename(file)} should fail`).toBeTruthy();
  if (typeof code === 'string') expect(err).toMatchObject({ code });
  else expect(String((err as Error).message)).toMatch(code);
  expect(stateOf(target)).toEqual(before);
}

describe('bundles', () => {
  it('round trip: export every account, import into an empty profile, the archives are equal; twice equals once', async () => {
    const target = await tempArchive();
    const progress: number[] = [];
    const r = await importBundle({ archive: target.archive, mediaDir: media(target), file: plainFile, onProgress: (p) => progress.push(p.done) });
    expect(r.messagesInserted).toBe(11);
    expect(r.mediaFiles).toBe(2);
    expect(progress.at(-1)).toBe(11);
    const once = stateOf(target);
    // equal archives; of the team, the people the exported data names (owners, authors) travel
    const { people, ...rest } = once;
    const { people: sourcePeople, ...sourceRest } = stateOf(source);
    expect(rest).toEqual(sourceRest);
    expect(people).toEqual((sourcePeople as Array<{ id: string }>).filter((p) => ['rep-a', 'rep-b'].includes(p.id)));

    const again = await importBundle({ archive: target.archive, mediaDir: media(target), file: sealedFile, passphrase: PASS });
    expect(again).toMatchObject({ messagesInserted: 0, kept: { people: 2, accounts: 3 } });
    expect(stateOf(target)).toEqual(once);
    // the import is in the audit log; the source's audit log did not travel
    expect((await target.archive.query('auditLog', {})).map((a) => a.action)).toEqual(['bundle.import', 'bundle.import']);
    const detail = await target.archive.query('customerDetail', { customerId: 'p:34600000001' });
    expect(detail).toMatchObject({ name: 'Ana García', stage: 'sample', tags: ['VIP'], mergedIds: ['p:34600000001', 'p:8613800000003'] });
  });

  it('merges into a profile that already has some of the same data, keeping its own people and accounts', async () => {
    const target = await tempArchive();
    await target.archive.write([
      { op: 'upsertPerson', personId: 'rep-a', name: 'Alice Local', role: 'admin' },
      { op: 'createAccount', accountId: 'acc-1', label: 'My label', partitionId: 'p-acc-1', ownerId: 'rep-a' },
    ]);
    const r = await importBundle({ archive: target.archive, mediaDir: media(target), file: plainFile });
    expect(r.kept).toEqual({ people: 1, accounts: 1 });
    const people = await target.archive.query('people');
    expect(people.find((p) => p.id === 'rep-a')).toMatchObject({ name: 'Alice Local', role: 'admin' });
    expect((await target.archive.query('accounts')).find((a) => a.id === 'acc-1')?.label).toBe('My label');
    expect((await target.archive.query('stats')).messages).toBe(11);
  });

  it('a customer bundle holds that customer\'s chats in every account and its CRM data', async () => {
    const file = path.join(tempDir(), 'ana.sbb');
    const { manifest } = await exportBundle({ archive: source.archive, mediaDir: media(source), file, customerIds: ['p:34600000002'] });
    expect(manifest.selection.customerIds).toEqual(['p:34600000002']);
    expect(manifest.counts.ops.upsertMessage).toBe(1);
    expect(manifest.counts.ops.createAccount).toBe(1);
    await expect(exportBundle({ archive: source.archive, mediaDir: media(source), file, customerIds: ['p:34600000002'] }))
      .rejects.toMatchObject({ code: 'TARGET_EXISTS' });
    await expect(exportBundle({ archive: source.archive, mediaDir: media(source), file: `${file}2`, customerIds: ['p:404'] }))
      .rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('rejects a wrong or missing passphrase, flipped bytes and truncation, and changes nothing', async () => {
    const target = await tempArchive();
    await rejects(target, sealedFile, 'wrong passphrase', 'PASSPHRASE_WRONG');
    await rejects(target, sealedFile, null, 'PASSPHRASE_REQUIRED');
    const dir = tempDir();
    for (const [name, original, pass] of [['plain', plainFile, null], ['sealed', sealedFile, PASS]] as const) {
      const bytes = readFileSync(original);
      // header JSON, first frame, a middle frame, the manifest (last frame), the seal
      for (const at of [14, 40, Math.floor(bytes.length / 2), bytes.length - 60, bytes.length - 5]) {
        const bad = Buffer.from(bytes);
        bad[at] = bad[at]! ^ 0x01;
        const file = path.join(dir, `${name}-flip-${at}.sbb`);
        writeFileSync(file, bad);
        await rejects(target, file, pass, /damaged|changed|passphrase is wrong/);
      }
      for (const len of [0, 11, 200, Math.floor(bytes.length / 2), bytes.length - 33, bytes.length - 1]) {
        const file = path.join(dir, `${name}-cut-${len}.sbb`);
        writeFileSync(file, bytes.subarray(0, len));
        await rejects(target, file, pass, 'BUNDLE_INVALID');
      }
      const extra = path.join(dir, `${name}-extra.sbb`);
      writeFileSync(extra, Buffer.concat([bytes, Buffer.from('x')]));
      await rejects(target, extra, pass, 'BUNDLE_INVALID');
    }
    // a different format version in the header
    const v2 = Buffer.from(readFileSync(plainFile));
    v2[8] = 2;
    writeFileSync(path.join(dir, 'v2.sbb'), v2);
    await rejects(target, path.join(dir, 'v2.sbb'), null, 'BUNDLE_TOO_NEW');
    copyFileSync(plainFile, path.join(dir, 'ok.sbb'));
    await expect(verifyBundle(path.join(dir, 'ok.sbb'))).resolves.toMatchObject({ messages: 11 });
  });

  it('rejects a bundle whose manifest lies, that is too new, or that carries operations bundles never carry', async () => {
    const target = await tempArchive();
    const dir = tempDir();
    const ops = [
      { op: 'upsertPerson', personId: 'rep-z', name: 'Zed', role: 'rep' },
      { op: 'createAccount', accountId: 'acc-z', label: 'Z', partitionId: 'p-acc-z' },
      { op: 'upsertMessage', accountId: 'acc-z', message: { id: 'm1', chatId: '1234567@c.us', senderId: null, fromMe: true, type: 'chat', body: 'hi', timestamp: 1 } },
    ];
    const forge = async (name: string, entries: unknown[], manifest: Record<string, unknown>) => {
      const file = path.join(dir, name);
      const w = await BundleWriter.create(file, { created: 1 });
      await w.add('ops', 'ops/0', deflateRawSync(Buffer.from(entries.map((e) => JSON.stringify(e)).join('\n'))));
      await w.finish({
        format: 'switchboard-bundle', schemaVersion: LATEST_VERSION, createdAt: 1, app: 'test',
        selection: { accountIds: ['acc-z'], customerIds: [], from: null, to: null, includeMedia: true },
        counts: { ops: { upsertPerson: 1, createAccount: 1, upsertMessage: 1 }, mediaFiles: 0, mediaBytes: 0 },
        ...manifest,
      });
      return file;
    };
    const good = await forge('good.sbb', ops, {});
    await rejects(target, await forge('counts.sbb', ops, { counts: { ops: { upsertPerson: 1, createAccount: 1, upsertMessage: 2 }, mediaFiles: 0, mediaBytes: 0 } }),
      null, /manifest counts 2 "upsertMessage"/);
    await rejects(target, await forge('media.sbb', ops, { counts: { ops: { upsertPerson: 1, createAccount: 1, upsertMessage: 1 }, mediaFiles: 1, mediaBytes: 9 } }),
      null, /media files/);
    await rejects(target, await forge('newer.sbb', ops, { schemaVersion: LATEST_VERSION + 1 }), null, 'BUNDLE_TOO_NEW');
    await rejects(target, await forge('format.sbb', ops, { format: 'something-else' }), null, /manifest is not valid/);
    await rejects(target, await forge('setting.sbb', [...ops, { op: 'setting', key: 'admin.passphrase', value: 'x' }], {
      counts: { ops: { upsertPerson: 1, createAccount: 1, upsertMessage: 1, setting: 1 }, mediaFiles: 0, mediaBytes: 0 } }), null, /never carry/);
    await rejects(target, await forge('orphan.sbb', [ops[2]], { counts: { ops: { upsertMessage: 1 }, mediaFiles: 0, mediaBytes: 0 } }),
      null, /writes to account acc-z/);
    await rejects(target, await forge('invalid-op.sbb', [{ op: 'upsertMessage', accountId: 'acc-z', message: { id: '' } }],
      { counts: { ops: { upsertMessage: 1 }, mediaFiles: 0, mediaBytes: 0 } }), null, /invalid operation/);
    await importBundle({ archive: target.archive, mediaDir: media(target), file: good });
    expect((await target.archive.query('stats')).messages).toBe(1);
  });
});
