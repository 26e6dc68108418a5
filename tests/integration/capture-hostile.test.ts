import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Supervisor } from '../../src/core/accounts/supervisor';
import type { SupervisorEvents } from '../../src/core/accounts/supervisor-api';
import { mediaPath } from '../../src/core/archive/media-store';
import { ChromiumPageHost } from '../../src/core/capture/chromium-page-host';
import { waitFor } from '../wa-sim/harness';
import type { Phone } from '../wa-sim/phone';
import { WaSim } from '../wa-sim/server';
import { tempArchive, type TempArchive } from './capture-helpers';

/**
 * Content from WhatsApp is written by strangers. Whatever arrives is archived safely
 * (text kept as text, files only under their hash) or refused with a logged reason, and
 * capture carries on either way.
 */

let sim: WaSim;
let host: ChromiumPageHost;
let tmp: TempArchive;
let sup: Supervisor;
let phone: Phone;
let buyer: string;
let accountId: string;
const problems: Array<SupervisorEvents['problem']> = [];

beforeAll(async () => {
  sim = await WaSim.start();
  host = new ChromiumPageHost({ waUrl: sim.url, isolation: 'context' });
  tmp = await tempArchive();
  sup = new Supervisor({
    archive: tmp.archive, pageHost: host, mediaDir: tmp.mediaDir, log: () => {}, hibernation: { sweepEveryMs: null },
    capture: { media: { maxBytes: 200_000 } },
  });
  sup.on('problem', (p) => problems.push(p));
  phone = sim.createPhone({ pushname: 'Target' });
  buyer = phone.addContact({ name: 'Mallory' }).id;
  phone.addDirectChat(buyer);
  ({ accountId } = await sup.addAccount({ label: 'Hostile' }));
  sup.on('qr', (e) => void sim.scan(phone.id, e.qr));
  await sup.start(accountId);
  await waitFor(() => sup.status(accountId)?.state === 'live', 'live');
});

afterAll(async () => {
  await sup?.close();
  await host?.close();
  await sim?.close();
  await tmp?.close();
});

const archived = (id: string) => tmp.archive.query('messageDetail', { accountId, messageId: id });
const waitArchived = (id: string) => waitFor(() => archived(id), `message ${id.slice(0, 60)} archived`);

describe('hostile content', () => {
  it('keeps HTML/JS, odd unicode and large bodies as plain text', async () => {
    const bodies = [
      '<img src=x onerror="window.__pwned=1"><script>window.__pwned=1</script>',
      '"; DROP TABLE messages; --',
      'RTL \u202eexe.txt zero\u200bwidth 👩‍👩‍👧‍👦 e\u0301 \u0000nul',
      'x'.repeat(1_000_000),
    ];
    const sent = bodies.map((body) => phone.deliver(buyer, { from: buyer, body }));
    for (const [i, m] of sent.entries()) {
      const d = await waitArchived(m.id);
      expect(d.message.body).toBe(bodies[i]);
    }
    expect(await sup.pageOf(accountId)!.evaluate('window.__pwned === undefined')).toBe(true);
    const hits = await tmp.archive.query('search', { query: 'DROP TABLE' });
    expect(JSON.stringify(hits)).toContain(sent[1]!.id);
  });

  it('keeps ill-formed text (lone surrogates) exactly as it came', async () => {
    const m = phone.deliver(buyer, { from: buyer, body: 'broken \ud800 pair \udc00 end' });
    expect((await waitArchived(m.id)).message.body).toBe('broken \ud800 pair \udc00 end');
  });

  it('stores files under their hash only, whatever the sender calls them', async () => {
    const names = ['../../../../etc/passwd', '..\\..\\Windows\\System32\\evil.dll', 'CON.pdf', '\u0000hidden\u202egpj.exe'];
    const sent = names.map((filename) => phone.deliver(buyer, { from: buyer, type: 'document', media: { filename } }));
    const details = await Promise.all(sent.map((m) => waitFor(async () => {
      const d = await archived(m.id);
      return d?.message.media?.status === 'stored' ? d : null;
    }, 'media stored')));
    expect(details.map((d) => d.message.media!.filename)).toEqual(['passwd', 'evil.dll', '_CON.pdf', 'hidden\u202egpj.exe']);
    for (const [i, d] of details.entries()) {
      const bytes = phone.message(sent[i]!.id).media!.bytes;
      expect(readFileSync(mediaPath(tmp.mediaDir, d.message.media!.sha256!)).equals(bytes)).toBe(true);
    }
    // every file in the profile is the archive or a media file named by its hash
    const files = readdirSync(tmp.dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile());
    expect(files.filter((f) => /^[0-9a-f]{64}$/.test(f.name)).length).toBeGreaterThanOrEqual(new Set(details.map((d) => d.message.media!.sha256)).size);
    for (const f of files) {
      const rel = path.relative(tmp.dir, path.join(f.parentPath, f.name));
      expect(rel).toMatch(/^(archive\.db(-wal|-shm)?|media\/[0-9a-f]{2}\/[0-9a-f]{64})$/);
    }
  });

  it('does not fetch files over the size cap, and says so', async () => {
    const big = phone.deliver(buyer, { from: buyer, type: 'document', media: { filename: 'catalogue.pdf', size: 300_000 } });
    const d = await waitFor(async () => {
      const x = await archived(big.id);
      return x?.message.media?.status === 'too_large' ? x : null;
    }, 'too_large');
    expect(d.message.media).toMatchObject({ size: 300_000, sha256: null, filename: 'catalogue.pdf' });
  });

  it('refuses what cannot be stored, says why, and keeps capturing', async () => {
    const longId = phone.deliver(buyer, { from: buyer, body: 'long id', keyId: 'A'.repeat(600) });
    const ctlId = phone.deliver(buyer, { from: buyer, body: 'control char id', keyId: 'AB\u0001CD' });
    const huge = phone.deliver(buyer, { from: buyer, body: 'y'.repeat(17 * 1024 * 1024) });
    const oddId = phone.deliver(buyer, { from: buyer, body: 'odd but fine', keyId: '../../x y' });
    const after = phone.deliver(buyer, { from: buyer, body: 'still here' });
    await waitArchived(after.id);
    await waitArchived(oddId.id);
    await waitFor(() => problems.filter((p) => p.where === 'rejected').length >= 3, 'three refusals');
    const refused = problems.filter((p) => p.where === 'rejected').map((p) => p.message);
    expect(refused.some((r) => r.includes('AAAA') && /512|too big|at most/i.test(r))).toBe(true);
    expect(refused.some((r) => r.includes('control characters'))).toBe(true);
    expect(refused.some((r) => r.includes(huge.id.slice(0, 40)) && /body/.test(r))).toBe(true);
    for (const m of [longId, ctlId, huge]) expect(await archived(m.id)).toBeNull();
    expect(sup.status(accountId)?.state).toBe('live');
  });
});
