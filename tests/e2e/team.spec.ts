import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { X509Certificate } from 'node:crypto';
import path from 'node:path';
import { startLocalCluster, type LocalCluster } from '../../src/server/pg/local-cluster';
import { createEnrollmentCode } from '../../src/server/team/accounts';
import { initTeamServer, type RunningTeamServer, startTeamServer } from '../../src/server/team-server';
import { expect, SHOTS_DIR, test } from './harness/fixtures';

/**
 * Settings → Team server against a real team server over HTTPS (a self-signed certificate,
 * as a company's own CA would be) and a real PostgreSQL: the fingerprint is shown to compare
 * and then pinned, joining needs the admin passphrase, and the rail says when the archive is synced.
 */

test.describe.configure({ timeout: 120_000 });

let cluster: LocalCluster;
let server: RunningTeamServer;
let adminId: string;
let fingerprint: string;
const dirs: string[] = [];
const tempDir = (prefix: string) => {
  const d = mkdtempSync(path.join(tmpdir(), prefix));
  dirs.push(d);
  return d;
};

test.beforeAll(async () => {
  const dir = tempDir('sb-team-tls-');
  const [cert, key] = [path.join(dir, 'cert.pem'), path.join(dir, 'key.pem')];
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert, '-days', '2',
    '-subj', '/CN=team.switchboard.test', '-addext', 'subjectAltName=IP:127.0.0.1'], { stdio: 'ignore' });
  fingerprint = new X509Certificate(readFileSync(cert)).fingerprint256;
  cluster = await startLocalCluster({ dataDir: tempDir('sb-pg-'), settings: { fsync: 'off' } });
  ({ adminId } = await initTeamServer(cluster.url, { login: 'admin', name: 'Admin' }));
  server = await startTeamServer({ databaseUrl: cluster.url, listen: { host: '127.0.0.1', port: 0 }, tls: { certFile: cert, keyFile: key } });
});

test.afterAll(async () => {
  await server?.close();
  await cluster?.stop();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

test('joining the team server shows the certificate fingerprint to compare, pins it, and the rail says the archive is synced', async ({ appWith }) => {
  const app = await appWith({ profile: 'empty' });
  const { page } = app;
  const buyer = '34600000001@c.us';
  await app.archive.write([
    { op: 'createAccount', accountId: 'acc-team', label: '销售一部', partitionId: 'p-acc-team' },
    { op: 'patchAccount', accountId: 'acc-team', meId: '8613800000001@c.us', phone: '8613800000001' },
    ...['Hola', '¿Precio por 500 unidades?', 'Gracias'].map((body, i) => ({ op: 'upsertMessage' as const, accountId: 'acc-team',
      message: { id: `false_${buyer}_T${i}`, chatId: buyer, senderId: buyer, fromMe: false, type: 'chat', body, timestamp: Date.now() - 60_000 + i } })),
  ]);
  await app.core.call('admin.setPassphrase', { current: null, next: 'team admin pass' });
  await app.open();
  await expect(page.getByTestId('team-state')).toHaveCount(0);
  await page.getByTestId('nav-settings').click();
  const card = page.getByTestId('team-server');
  await card.getByTestId('team-url').fill(server.url);
  await card.getByTestId('team-check').click();
  await expect(card.getByTestId('team-fingerprint')).toHaveText(fingerprint);
  await card.getByTestId('team-code').fill(await createEnrollmentCode(server.pool, adminId, 'test'));
  await card.getByTestId('team-passphrase').fill('team admin pass');
  await page.screenshot({ path: path.join(SHOTS_DIR, 'team-join.png') });
  await card.getByTestId('team-enroll').click();
  await expect(card.getByTestId('team-server-url')).toHaveText(server.url);
  await expect(card).toContainText(fingerprint);
  await expect(page.getByTestId('team-state')).toHaveAttribute('data-state', 'synced');
  await expect(page.getByTestId('team-state')).toHaveText('团队存档：已同步');
  await page.screenshot({ path: path.join(SHOTS_DIR, 'team-joined.png') });
  // what the archive held is on the server now
  expect((await server.pool.query('SELECT body FROM messages ORDER BY ts')).rows.map((r: { body: string }) => r.body))
    .toEqual(['Hola', '¿Precio por 500 unidades?', 'Gracias']);
});
