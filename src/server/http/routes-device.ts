import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mediaPath, openMedia, putMedia } from '../../core/archive/media-store';
import { type Backlog, DEVICE_MEDIA_PATH, EnrollRequest, InboxRequest, HeartbeatRequest, MEDIA_PATH, MediaMissingRequest, PushRequest, type RestoreAccount, RestorePageRequest,
  UploadRequest } from '../../core/team/wire';
import type { Pool } from '../pg/db';
import { deviceByToken, enrollDevice, EnrollmentError, type DeviceAuth } from '../team/accounts';
import { DeviceRevokedError, ingestPush, ingestUpload } from '../team/ingest';
import { HttpError, parse, readBody, readBytes, type Request, StreamReply } from './request';
import { asViewer } from '../pg/access';
import { pgRestorePage } from '../pg/read/restore';
import { fromPg } from '../pg/text';
import { ownAccounts } from '../team/chat-audit';
import { deviceInbox } from '../team/device-inbox';
import type { Route } from './routes';

/** What enrolled desktops call: enrolling, pushing their outbox, uploading history and media. */

/** Default cap for one uploaded media file: larger than the desktop's default capture cap. */
export const MEDIA_MAX_BYTES = 256 * 1024 * 1024;

async function device(pool: Pool, req: Request): Promise<DeviceAuth> {
  const m = /^Bearer ([A-Za-z0-9_-]{20,})$/.exec(req.raw.headers.authorization ?? '');
  if (!m?.[1]) throw new HttpError(401, 'UNAUTHENTICATED', 'Missing or malformed device token; enroll this device first.');
  const d = await deviceByToken(pool, m[1]);
  if (!d) throw new HttpError(401, 'UNAUTHENTICATED', 'Unknown device token; enroll this device again.');
  if (d.revoked) throw new HttpError(403, 'DEVICE_REVOKED', 'This device was revoked by an administrator; enroll it again to replicate.');
  return d;
}

/** Stores what the desktop said it still has to send; fields it did not send stay as they were. */
async function noteBacklog(pool: Pool, deviceId: string, b: Backlog & { appVersion?: string | null | undefined }): Promise<void> {
  await pool.query(`UPDATE devices SET last_seen_at = $2,
      pending_ops = CASE WHEN $3::boolean THEN $4 ELSE pending_ops END,
      upload_done = CASE WHEN $5::boolean THEN $6 ELSE upload_done END,
      upload_total = CASE WHEN $5::boolean THEN $7 ELSE upload_total END,
      app_version = coalesce($8, app_version)
    WHERE id = $1`, [deviceId, Date.now(), b.pendingOps !== undefined, b.pendingOps ?? null, b.upload !== undefined,
    b.upload?.done ?? null, b.upload?.total ?? null, b.appVersion ?? null]);
}

const revokedToHttp = (err: unknown): never => {
  if (err instanceof DeviceRevokedError) throw new HttpError(403, err.code, err.message);
  throw err;
};

export function deviceRoutes(pool: Pool, o: { mediaDir: string | null; mediaMaxBytes: number }): Route[] {
  return [
    ['POST', '/enroll', async (req) => {
      const input = parse(EnrollRequest, await readBody(req.raw));
      try {
        const r = await enrollDevice(pool, input);
        return { deviceId: r.deviceId, token: r.token };
      } catch (err) {
        if (err instanceof EnrollmentError) throw new HttpError(403, err.code, err.message);
        throw err;
      }
    }],
    ['GET', '/device', async (req) => {
      const d = await device(pool, req);
      const row = (await pool.query<{ acked_seq: number }>('SELECT acked_seq FROM devices WHERE id = $1', [d.deviceId])).rows[0];
      return { deviceId: d.deviceId, ackedSeq: row?.acked_seq ?? 0, revoked: false };
    }],
    ['POST', '/push', async (req) => {
      const d = await device(pool, req);
      const input = parse(PushRequest, await readBody(req.raw));
      const r = await ingestPush(pool, d.deviceId, input.batches).catch(revokedToHttp);
      await noteBacklog(pool, d.deviceId, { pendingOps: input.pendingOps, upload: input.upload });
      return { ackedSeq: r.ackedSeq, applied: r.applied, skipped: r.skipped };
    }],
    ['POST', '/upload', async (req) => {
      const d = await device(pool, req);
      const input = parse(UploadRequest, await readBody(req.raw));
      const r = await ingestUpload(pool, d.deviceId, input).catch(revokedToHttp);
      await noteBacklog(pool, d.deviceId, { pendingOps: input.pendingOps, upload: input.upload });
      return { ops: r.ops, messagesInserted: r.messagesInserted };
    }],
    ['POST', '/heartbeat', async (req) => {
      const d = await device(pool, req);
      await noteBacklog(pool, d.deviceId, parse(HeartbeatRequest, await readBody(req.raw)));
      return { ok: true };
    }],
    // Bringing an account down to a PC (a new or rebuilt PC, or the rep it was handed to), read
    // as the PC's user under row-level security: what they may not see is not there.
    ['POST', '/restore/accounts', async (req) => {
      const d = await device(pool, req);
      const own = [...await ownAccounts(pool, d.userId)];
      return asViewer(pool, d.userId, async (sql) => (await sql<{ id: string; label: unknown; phone: string | null; messages: number }>(
        `SELECT a.id, a.label, a.phone, (SELECT count(*)::int FROM messages m WHERE m.account_id = a.id) AS messages
          FROM accounts a WHERE a.id = ANY($1::text[]) ORDER BY a.label`, [own])).map((a): RestoreAccount => ({ ...a, label: fromPg(a.label) ?? a.id })));
    }],
    ['POST', '/restore/page', async (req) => {
      const d = await device(pool, req);
      const input = parse(RestorePageRequest, await readBody(req.raw));
      return asViewer(pool, d.userId, async (sql) => {
        const visible = await sql('SELECT 1 FROM accounts WHERE id = $1', [input.accountId]);
        if (!visible.length) throw new HttpError(404, 'NOT_FOUND', 'No such account, or it is not this user\'s to restore.');
        return pgRestorePage(sql, input.accountId, input.cursor);
      });
    }],
    // a restored message's file, by its hash, to a PC whose user may see a message carrying it
    ['GET', DEVICE_MEDIA_PATH, async (req) => {
      const d = await device(pool, req);
      const sha256 = req.params[0]!;
      const row = (await asViewer(pool, d.userId, (sql) => sql<{ mime: string | null }>('SELECT mime FROM message_media WHERE sha256 = $1 LIMIT 1', [sha256])))[0];
      const file = row && o.mediaDir ? openMedia(o.mediaDir, sha256) : null;
      if (!row || !file) throw new HttpError(404, 'NOT_FOUND', 'No such file on the team server.');
      return new StreamReply({ 'content-type': 'application/octet-stream', 'content-length': String(file.size) }, file.stream);
    }],
    ['POST', '/inbox', async (req) => {
      const d = await device(pool, req);
      const input = parse(InboxRequest, await readBody(req.raw));
      return { items: await deviceInbox(pool, d.deviceId, input.ack) };
    }],
    ['POST', '/media/missing', async (req) => {
      await device(pool, req);
      const input = parse(MediaMissingRequest, await readBody(req.raw));
      const dir = o.mediaDir;
      if (!dir) return { missing: [], maxBytes: null };
      return { missing: [...new Set(input.sha256)].filter((h) => !existsSync(mediaPath(dir, h))), maxBytes: o.mediaMaxBytes };
    }],
    // Content-addressed: the hash in the path must be the bytes' hash, so a file is stored once
    // whoever sends it and a resent file changes nothing.
    ['PUT', MEDIA_PATH, async (req) => {
      await device(pool, req);
      const sha256 = req.params[0]!;
      const dir = o.mediaDir;
      if (!dir) throw new HttpError(404, 'MEDIA_DISABLED', 'This team server keeps no media (started without --media-dir).');
      const bytes = await readBytes(req.raw, o.mediaMaxBytes);
      const actual = createHash('sha256').update(bytes).digest('hex');
      if (actual !== sha256) throw new HttpError(400, 'HASH_MISMATCH', `The bytes hash to ${actual}, not ${sha256}; nothing was kept.`);
      return { stored: (await putMedia(dir, bytes, o.mediaMaxBytes)).created };
    }],
  ];
}
