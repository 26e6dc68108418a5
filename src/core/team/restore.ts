import { existsSync } from 'node:fs';
import type { Archive } from '../archive/archive';
import { mediaPath, putMedia } from '../archive/media-store';
import { ArchiveBatch, type ArchiveOpInput } from '../archive/operations';
import type { Enrollment } from './enrollment';
import { teamBytes, teamRequest } from './team-http';
import type { TeamRestoreProgress as RestoreProgress, TeamRestoreResult as RestoreResult } from '../../shared/team-views';
import { type RestoreAccount, RestoreCursor, type RestorePageResponse } from './wire';

/**
 * A rep's accounts brought down from the team server to this PC (a new or rebuilt PC): page
 * by page, each page written to the local archive in one batch, marked as coming from the
 * team so it is not sent back up. Then the files the messages refer to, by hash. An account
 * comes down under its WhatsApp number, the team's identity for it; linking the number by QR
 * afterwards continues the same account. Pages are idempotent: a restore cut short is
 * simply run again.
 */

export type { TeamRestoreProgress as RestoreProgress, TeamRestoreResult as RestoreResult } from '../../shared/team-views';

export interface RestoreOptions {
  archive: Archive;
  enrollment: Enrollment;
  /** This profile's media folder; files come down into it. */
  mediaDir: string;
  /** Only these team accounts (WhatsApp numbers); omitted: every account the server offers this PC's user. */
  accountIds?: string[];
  onProgress?: (p: RestoreProgress) => void;
  now?: () => number;
}

const START: RestoreCursor = { stage: 'meta', chatRowIds: [], chat: 0, after: -1, done: 0, total: 0 };

export async function listRestorable(enrollment: Enrollment): Promise<RestoreAccount[]> {
  return teamRequest<RestoreAccount[]>(http(enrollment), 'POST', '/restore/accounts', {});
}

const http = (e: Enrollment) => ({ serverUrl: e.serverUrl, pinned: e.pinned, token: e.token });

export async function restoreFromTeam(o: RestoreOptions): Promise<RestoreResult> {
  const now = o.now ?? Date.now;
  const offered = await listRestorable(o.enrollment);
  const accounts = o.accountIds ? offered.filter((a) => o.accountIds!.includes(a.id)) : offered;
  let messages = 0;
  let files = 0;
  for (const [i, account] of accounts.entries()) {
    const progress = (p: Pick<RestoreProgress, 'done' | 'total' | 'stage'>) =>
      o.onProgress?.({ accountId: account.id, label: account.label, index: i + 1, accounts: accounts.length, ...p });
    const hashes = new Set<string>();
    let cursor = START;
    while (cursor.stage !== 'done') {
      const page = await teamRequest<RestorePageResponse>(http(o.enrollment), 'POST', '/restore/page', { accountId: account.id, cursor });
      const ops = ArchiveBatch.parse(page.ops);
      for (const op of ops) if (op.op === 'media' && op.status === 'stored' && op.sha256) hashes.add(op.sha256);
      if (ops.length) await o.archive.write(ops as ArchiveOpInput[], now(), { fromTeam: true });
      messages += page.next.done - cursor.done;
      cursor = RestoreCursor.parse(page.next);
      progress({ done: cursor.done, total: cursor.total, stage: 'messages' });
    }
    const missing = [...hashes].filter((h) => !existsSync(mediaPath(o.mediaDir, h)));
    for (const [k, sha256] of missing.entries()) {
      progress({ done: k, total: missing.length, stage: 'media' });
      const bytes = await teamBytes(http(o.enrollment), `/device/media/${sha256}`).catch(() => null);
      // not on the server (it kept no media, or the file was over its cap): the message stays, marked stored, without its file
      if (!bytes) continue;
      const stored = await putMedia(o.mediaDir, bytes, Number.MAX_SAFE_INTEGER);
      if (stored.sha256 === sha256) files++;
    }
  }
  return { accounts: accounts.map((a) => a.id), messages, files };
}
