import { z } from 'zod';
import { ArchiveBatch } from '../archive/operations';

/**
 * The team server's HTTP API, one place: each route's request schema. Desktops (src/core/
 * team) and the server validate with the same schemas.
 */
export const API_PREFIX = '/api/v1';

export const EnrollRequest = z.object({
  code: z.string().min(4).max(64),
  deviceName: z.string().min(1).max(128),
  appVersion: z.string().max(64).nullable().default(null),
});
export type EnrollRequest = z.input<typeof EnrollRequest>;
export interface EnrollResponse { deviceId: string; token: string }

/** What a desktop still has to send, as it reports with each request (the lead's team overview shows it). */
const Backlog = z.object({
  /** Operations in the outbox, this push included. */
  pendingOps: z.number().int().nonnegative().optional(),
  /** History upload progress, in messages; absent when there is none. */
  upload: z.object({ done: z.number().int().nonnegative(), total: z.number().int().nonnegative() }).nullable().optional(),
});
export type Backlog = z.infer<typeof Backlog>;

export const PushRequest = Backlog.extend({
  batches: z.array(z.object({ seq: z.number().int().positive(), now: z.number().int().nonnegative(), ops: ArchiveBatch })).min(1).max(10_000),
});
export type PushRequest = z.input<typeof PushRequest>;
export interface PushResponse { ackedSeq: number; applied: number; skipped: number }

export const UploadRequest = Backlog.extend({ now: z.number().int().nonnegative(), ops: ArchiveBatch });
export type UploadRequest = z.input<typeof UploadRequest>;
export interface UploadResponse { ops: number; messagesInserted: number }

const Sha256 = z.string().regex(/^[0-9a-f]{64}$/);

/** Which of these files the server lacks; `maxBytes` null: the server keeps no media (no --media-dir). */
export const MediaMissingRequest = z.object({ sha256: z.array(Sha256).min(1).max(1000) });
export type MediaMissingRequest = z.input<typeof MediaMissingRequest>;
export interface MediaMissingResponse { missing: string[]; maxBytes: number | null }
/** PUT /media/<sha256> with the file's bytes; the server checks the hash. */
export const MEDIA_PATH = /^\/media\/([0-9a-f]{64})$/;
export interface MediaPutResponse { stored: boolean }
/** GET /device/media/<sha256>: a file a restored message refers to. */
export const DEVICE_MEDIA_PATH = /^\/device\/media\/([0-9a-f]{64})$/;

export interface DeviceResponse { deviceId: string; ackedSeq: number; revoked: boolean }

/** An idle desktop saying it is there (and what it still has to send), about once a minute. */
export const HeartbeatRequest = Backlog.extend({ appVersion: z.string().max(64).nullable().optional() });
export type HeartbeatRequest = z.input<typeof HeartbeatRequest>;

/** Where a restore of one account stands (the server's own chat row ids are only read under the account's checks). */
export const RestoreCursor = z.object({
  stage: z.enum(['meta', 'messages', 'done']),
  chatRowIds: z.array(z.number().int().positive()).max(1_000_000),
  /** Index into chatRowIds and the last sort key read there. */
  chat: z.number().int().nonnegative(),
  after: z.number().int(),
  done: z.number().int().nonnegative(),
  total: z.number().int().nonnegative(),
});
export type RestoreCursor = z.infer<typeof RestoreCursor>;

/** The team accounts this PC's user may bring down: their own numbers (and, later, those handed to them). */
export type { TeamRestorable as RestoreAccount } from '../../shared/team-views';
export const RestorePageRequest = z.object({ accountId: z.string().min(1).max(256), cursor: RestoreCursor });
export type RestorePageRequest = z.input<typeof RestorePageRequest>;
export interface RestorePageResponse { ops: unknown[]; next: RestoreCursor }

/** POST /inbox: what the server asks of this PC; `ack`: the last item done (deleted on the server). */
export const InboxRequest = z.object({ ack: z.number().int().nonnegative().nullable() });
export const InboxItem = z.discriminatedUnion('kind', [
  z.object({ seq: z.number().int().positive(), kind: z.literal('restore'), payload: z.object({ accountIds: z.array(z.string().min(1).max(256)).min(1) }) }),
  z.object({ seq: z.number().int().positive(), kind: z.literal('release'), payload: z.object({ accountId: z.string().min(1).max(256) }) }),
  // edits made elsewhere (the console's CRM edits), to apply here as they are; accounts named by their number
  z.object({ seq: z.number().int().positive(), kind: z.literal('ops'), payload: z.object({ ops: ArchiveBatch }) }),
]);
export type InboxItem = z.infer<typeof InboxItem>;
export const InboxResponse = z.object({ items: z.array(InboxItem) });

export interface ErrorBody { error: { code: string; message: string } }
