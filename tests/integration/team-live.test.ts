import { beforeAll, describe, expect, it } from 'vitest';
import { createServer } from 'node:http';
import WebSocket from 'ws';
import { ArchiveBatch, type ArchiveOpInput } from '../../src/core/archive/operations';
import { API_PREFIX } from '../../src/core/team/wire';
import { createEnrollmentCode, enrollDevice } from '../../src/server/team/accounts';
import { ingestPush } from '../../src/server/team/ingest';
import { createUser } from '../../src/server/team/users';
import type { CapturedEvent } from '../../src/shared/account-views';
import { startLiveHub } from '../../src/server/console/live-hub';
import { createPool } from '../../src/server/pg/db';
import { startCutProxy } from '../helpers/cut-proxy';
import { useTeamServer } from '../helpers/team-server-fixture';

/**
 * The console's live feed: what a desktop pushes reaches, within the push's commit, every
 * signed-in console whose user may see that account — and no other.
 */

const team = useTeamServer();
const PASSWORD = 'correct horse battery';
const BUYER = '34600000001@c.us';
const A1 = '8613800000101@c.us';
const B1 = '8613800000201@c.us';
const devices: Record<string, string> = {};
const seq: Record<string, number> = {};

async function signIn(login: string): Promise<string> {
  const res = await fetch(`${team.server.url}${API_PREFIX}/session`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ login, password: PASSWORD }) });
  expect(res.status).toBe(200);
  return res.headers.get('set-cookie')!.split(';')[0]!;
}

interface Feed { frames: Array<{ event: string; payload: unknown }>; next(): Promise<{ event: string; payload: unknown }>; close(): void }

/** A console's feed: resolves once the server says it is on. */
function feed(cookie: string | null, origin?: string): Promise<Feed> {
  const ws = new WebSocket(`${team.server.url.replace('http', 'ws')}${API_PREFIX}/events`, {
    headers: { ...(cookie ? { cookie } : {}), ...(origin ? { origin } : {}) } });
  const frames: Feed['frames'] = [];
  const waiting: Array<(f: Feed['frames'][number]) => void> = [];
  return new Promise((resolve, reject) => {
    ws.on('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    ws.on('error', reject);
    ws.on('message', (data) => {
      const frame = JSON.parse(String(data)) as { ready?: true; event: string; payload: unknown };
      if (frame.ready) {
        resolve({
          frames,
          next: () => new Promise((r) => (frames.length ? r(frames.shift()!) : waiting.push(r))),
          close: () => ws.close(),
        });
        return;
      }
      const w = waiting.shift();
      if (w) w(frame);
      else frames.push(frame);
    });
  });
}

async function push(login: string, ops: ArchiveOpInput[]): Promise<void> {
  seq[login] = (seq[login] ?? 0) + 1;
  await ingestPush(team.server.pool, devices[login]!, [{ seq: seq[login]!, now: Date.now(), ops: ArchiveBatch.parse(ops) }]);
}

const message = (id: string, body: string): ArchiveOpInput => ({ op: 'upsertMessage', accountId: 'local-1', message: {
  id, chatId: BUYER, senderId: BUYER, fromMe: false, type: 'chat', body, timestamp: 1_700_000_000_000 } });

beforeAll(async () => {
  const pool = team.server.pool;
  await createUser(pool, { login: 'lead-a', name: 'Lead A', role: 'lead', team: 'A', password: PASSWORD }, 'test');
  for (const [login, t, number] of [['rep-a1', 'A', A1], ['rep-b1', 'B', B1]] as const) {
    const id = await createUser(pool, { login, name: login, role: 'rep', team: t, password: PASSWORD }, 'test');
    devices[login] = (await enrollDevice(pool, { code: await createEnrollmentCode(pool, id, 'test'), deviceName: `${login}-pc` })).deviceId;
    await push(login, [
      { op: 'createAccount', accountId: 'local-1', label: login, partitionId: 'p-1' },
      { op: 'patchAccount', accountId: 'local-1', meId: number, phone: number.split('@')[0] },
    ]);
  }
});

describe('the console\'s live feed', () => {
  it('sends each console the messages of the accounts its user may see, once committed, and nothing else', async () => {
    const lead = await feed(await signIn('lead-a'));
    const other = await feed(await signIn('rep-b1'));
    try {
      await push('rep-a1', [message('a1-1', '¿Precio FOB por 500 unidades?')]);
      const seen = await lead.next();
      expect(seen.event).toBe('message.captured');
      expect(seen.payload).toMatchObject({ accountId: A1, chatId: BUYER, messageId: 'a1-1', fromMe: false,
        text: '¿Precio FOB por 500 unidades?', preview: '¿Precio FOB por 500 unidades?' } satisfies Partial<CapturedEvent>);

      // rep-b1's console hears its own message first: the colleague's was never sent to it
      await push('rep-b1', [message('b1-1', '报价单收到了')]);
      expect(await other.next()).toMatchObject({ event: 'message.captured', payload: { accountId: B1, messageId: 'b1-1', text: '报价单收到了' } });
      expect(other.frames).toEqual([]);

      // a rep's PC reporting its account's state tells the lead's console
      await push('rep-a1', [{ op: 'accountState', accountId: 'local-1', state: 'needs_qr', detail: null }]);
      expect(await lead.next()).toEqual({ event: 'accounts.changed', payload: { accountId: A1 } });
      expect(lead.frames).toEqual([]);
    } finally {
      lead.close();
      other.close();
    }
  });

  it('refuses a feed without a session, or opened from another site', async () => {
    await expect(feed(null)).rejects.toThrow(/HTTP 401/);
    const cookie = await signIn('lead-a');
    await expect(feed(cookie, 'https://evil.example')).rejects.toThrow(/HTTP 403/);
  });

  it('rides out its PostgreSQL link dropping in the middle of LISTEN: no crash, no connection kept, it listens again', async () => {
    let drops = 2;
    // the link to PostgreSQL reset the moment LISTEN is sent, twice
    const proxy = await startCutProxy({ host: '127.0.0.1', port: Number(new URL(team.cluster.url).port) },
      { dropWhen: (sent) => drops > 0 && sent.includes('LISTEN') && drops-- > 0 });
    const url = new URL(team.cluster.url);
    url.port = new URL(proxy.url).port;
    const pool = createPool(url.toString(), 4);
    const http = createServer();
    const logs: string[] = [];
    try {
      const hub = await startLiveHub(pool, http, (l) => logs.push(l));
      expect(drops).toBe(0);
      expect(logs.filter((l) => l.includes('cannot listen'))).toHaveLength(2);
      // the dropped connections were given back, not kept checked out: only the listener is open
      expect(pool.totalCount).toBe(1);
      await hub.close();
    } finally {
      await pool.end();
      await proxy.close();
    }
  });
});
