import { hostname } from 'node:os';
import { z } from 'zod';
import type { Archive } from '../archive/archive';
import type { KeyProvider } from '../archive/key';
import { SealedSecret, SecretBox } from '../archive/sealed-secret';
import { startCursor } from './history-upload';
import { fetchServerCertificate, type ServerCertificate, teamRequest } from './team-http';

/**
 * This profile's membership in a team server: the server URL, the pinned certificate, the
 * device id and its token. Kept in the archive's settings, the token sealed under the
 * archive key (never in clear on disk, never in an export). Enrolling turns replication on
 * at once, so nothing committed afterwards can be missed, and queues the one-time upload
 * of the history the profile already has.
 */

export const ENROLLMENT_SETTING = 'team.enrollment';
const TOKEN_CONTEXT = 'team-device-token';

export const StoredEnrollment = z.object({
  serverUrl: z.url(),
  deviceId: z.string().min(1),
  deviceName: z.string(),
  pinned: z.object({ pem: z.string(), fingerprint256: z.string() }).nullable(),
  token: SealedSecret,
  enrolledAt: z.number().int(),
});
export type StoredEnrollment = z.infer<typeof StoredEnrollment>;

export interface Enrollment {
  serverUrl: string;
  deviceId: string;
  deviceName: string;
  pinned: ServerCertificate | null;
  token: string;
}

export async function readEnrollment(archive: Archive, keys: KeyProvider): Promise<Enrollment | null> {
  const raw = (await archive.query('settings'))[ENROLLMENT_SETTING];
  if (raw === undefined || raw === null) return null;
  const stored = StoredEnrollment.parse(raw);
  const box = await SecretBox.fromArchiveKeys(keys);
  return { ...stored, token: box.open(stored.token, TOKEN_CONTEXT) };
}

export interface EnrollInput {
  serverUrl: string;
  code: string;
  deviceName?: string;
  /** The fingerprint the user confirmed (shown by previewServer); required for https. */
  expectFingerprint?: string | null;
  appVersion?: string | null;
}

/** What the user is shown before enrolling: the certificate to compare with what IT gave them. */
export async function previewServer(serverUrl: string): Promise<{ https: boolean; certificate: ServerCertificate | null }> {
  const u = new URL(serverUrl);
  if (u.protocol !== 'https:' && u.protocol !== 'http:') throw new Error('The server address must start with https:// (or http:// for a server on this machine).');
  const certificate = u.protocol === 'https:' ? await fetchServerCertificate(serverUrl) : null;
  await teamRequest({ serverUrl, pinned: certificate }, 'GET', '/health');
  return { https: u.protocol === 'https:', certificate };
}

export async function enroll(archive: Archive, keys: KeyProvider, input: EnrollInput): Promise<Enrollment> {
  const { certificate } = await previewServer(input.serverUrl);
  if (certificate && input.expectFingerprint && certificate.fingerprint256 !== input.expectFingerprint) {
    throw new Error(`The server's certificate changed while enrolling (${certificate.fingerprint256}); check with IT before going on.`);
  }
  const deviceName = input.deviceName ?? hostname();
  const r = await teamRequest<{ deviceId: string; token: string }>({ serverUrl: input.serverUrl, pinned: certificate }, 'POST', '/enroll',
    { code: input.code, deviceName, appVersion: input.appVersion ?? null });
  const box = await SecretBox.fromArchiveKeys(keys);
  const stored: StoredEnrollment = {
    serverUrl: input.serverUrl,
    deviceId: r.deviceId,
    deviceName,
    pinned: certificate,
    token: box.seal(r.token, TOKEN_CONTEXT),
    enrolledAt: Date.now(),
  };
  // Replication on first, then the cursor over what existed: anything committed in between
  // is both in the outbox and (perhaps) in the upload, which is harmless (idempotent).
  await archive.outbox.enable();
  await archive.outbox.setInitialUpload(JSON.stringify(await startCursor(archive)));
  await archive.write([{ op: 'setting', key: ENROLLMENT_SETTING, value: stored }]);
  return { ...stored, token: r.token };
}
