import { z } from 'zod';

/** The manifest, the last frame of a bundle (docs/bundle-format.md). */

const id = z.string().min(1).max(512);
const ms = z.number().int().nonnegative();
const count = z.number().int().nonnegative();

export const BundleSelection = z.strictObject({
  accountIds: z.array(id).max(10_000),
  customerIds: z.array(id).max(1_000_000),
  from: ms.nullable(),
  to: ms.nullable(),
  includeMedia: z.boolean(),
});
export type BundleSelection = z.infer<typeof BundleSelection>;

export const BundleManifest = z.strictObject({
  format: z.literal('switchboard-bundle'),
  /** The archive schema (PRAGMA user_version) of the profile that made it. */
  schemaVersion: z.number().int().min(1),
  createdAt: ms,
  app: z.string().max(64),
  selection: BundleSelection,
  counts: z.strictObject({
    /** Operations per kind (upsertMessage, edit, revoke, reaction, media, customer, …). */
    ops: z.record(z.string(), count),
    mediaFiles: count,
    mediaBytes: count,
  }),
  entries: z.array(z.strictObject({ kind: z.enum(['ops', 'media']), name: z.string().max(1024), size: count, sha256: z.string().regex(/^[0-9a-f]{64}$/) })),
  chainHead: z.string().regex(/^[0-9a-f]{64}$/),
});
export type BundleManifest = z.infer<typeof BundleManifest>;

/** Operation kinds a bundle may carry. Local state (settings, audit, seen marks, account state) never travels. */
export const BUNDLE_OPS = new Set([
  'upsertPerson', 'createAccount', 'patchAccount', 'upsertChat', 'upsertContact', 'setParticipants', 'participantEvent', 'upsertMessage',
  'ack', 'edit', 'revoke', 'reaction', 'media', 'syncState', 'gap', 'translation', 'translatePref', 'detectedLanguage',
  'customer', 'customerTag', 'customerNote', 'followUp', 'customerLink', 'customerMerge',
]);

export const OPS_PER_ENTRY = 5000;
export const mediaEntryName = (sha256: string, part: number) => `media/${sha256}/${part}`;
export const MEDIA_ENTRY_RE = /^media\/([0-9a-f]{64})\/(\d{1,6})$/;
