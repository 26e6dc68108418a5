import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, NoAuth, type WMessage } from '../../src/core/capture/wwebjs';
import { CHROMIUM_FLAGS } from '../../src/core/util/chromium';
import { CHROMIUM, nextEvent } from './harness';
import { WaSim } from './server';

/**
 * The strongest form of the proof: whatsapp-web.js's own initialize() launches Chromium
 * and navigates to https://web.whatsapp.com/, which Chromium resolves to the simulator
 * (--host-resolver-rules, self-signed certificate). Nothing of ours is in between.
 */

let sim: WaSim;
let dir: string;

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'wa-sim-tls-'));
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=web.whatsapp.com',
    '-addext', 'subjectAltName=DNS:web.whatsapp.com', '-keyout', path.join(dir, 'key.pem'), '-out', path.join(dir, 'cert.pem')], { stdio: 'ignore' });
  sim = await WaSim.start({ tls: { key: readFileSync(path.join(dir, 'key.pem')), cert: readFileSync(path.join(dir, 'cert.pem')) } });
});

afterAll(async () => {
  await sim?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('stock Client.initialize() against the simulator', () => {
  it('pairs, gets ready, reads history and receives a message', async () => {
    const phone = sim.createPhone({ pushname: 'Stock' });
    const buyer = phone.addContact({ name: 'Buyer' }).id;
    phone.addDirectChat(buyer);
    phone.addHistory(buyer, [{ from: buyer, body: 'history', t: 1_700_000_000 }]);
    const port = new URL(sim.url).port;
    const client = new Client({
      authStrategy: new NoAuth(),
      webVersionCache: { type: 'none' },
      puppeteer: {
        executablePath: CHROMIUM,
        headless: true,
        args: [...CHROMIUM_FLAGS, '--no-sandbox', `--host-resolver-rules=MAP web.whatsapp.com 127.0.0.1:${port}`, '--ignore-certificate-errors'],
      },
    });
    try {
      const qr = nextEvent<[string]>(client, 'qr');
      const ready = nextEvent(client, 'ready');
      await client.initialize();
      // a person scans after the QR is up; upstream only hears `ready` if inject finished first
      sim.scan(phone.id, (await qr)[0]);
      await ready;
      expect(client.info.wid._serialized).toBe(phone.me.pn);
      const [chat] = await client.getChats();
      expect((await chat!.fetchMessages({ limit: 10 })).map((m) => m.body)).toEqual(['history']);
      const got = nextEvent<[WMessage]>(client, 'message');
      phone.deliver(buyer, { from: buyer, body: 'live' });
      expect((await got)[0].body).toBe('live');
    } finally {
      await client.destroy();
    }
  });
});
