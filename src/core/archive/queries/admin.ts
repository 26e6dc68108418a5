import { OPEN_GAP } from './gap-sql';
import { verifyAuditChain } from '../audit';
import type { AccountRow, ArchiveStats } from '../../../shared/archive-views';
export type { AccountRow, ArchiveStats } from '../../../shared/archive-views';
import type { Db } from '../open';
import { stmt } from './statements';

export function accounts(db: Db, args: { includeRemoved?: boolean } = {}): AccountRow[] {
  return stmt(db, `SELECT a.id, a.label, a.phone, a.owner_id AS ownerId, p.name AS ownerName, a.state,
      a.state_detail AS stateDetail, a.state_changed_at AS stateChangedAt, a.partition_id AS partitionId, a.proxy,
      a.sort_order AS sortOrder, a.me_wa_id AS meId, a.created_at AS createdAt, a.removed_at AS removedAt
    FROM accounts a LEFT JOIN people p ON p.id = a.owner_id
    WHERE ? OR a.removed_at IS NULL ORDER BY a.sort_order, a.created_at`).all(args.includeRemoved ? 1 : 0) as AccountRow[];
}

export function people(db: Db): Array<{ id: string; name: string; role: 'rep' | 'admin'; active: boolean }> {
  return (stmt(db, 'SELECT id, name, role, active FROM people ORDER BY name').all() as
    { id: string; name: string; role: 'rep' | 'admin'; active: number }[]).map((p) => ({ ...p, active: p.active === 1 }));
}

export function stats(db: Db): ArchiveStats {
  const n = (sql: string) => (stmt(db, sql).get() as { n: number | null }).n ?? 0;
  return {
    accounts: n('SELECT count(*) AS n FROM accounts'),
    chats: n('SELECT count(*) AS n FROM chats'),
    contacts: n('SELECT count(*) AS n FROM contacts'),
    messages: n('SELECT count(*) AS n FROM messages'),
    revisions: n('SELECT count(*) AS n FROM revisions'),
    revocations: n('SELECT count(*) AS n FROM revocations'),
    reactions: n("SELECT count(*) AS n FROM reactions WHERE emoji != ''"),
    mediaFiles: n('SELECT count(*) AS n FROM media_files'),
    mediaBytes: n('SELECT sum(size) AS n FROM media_files'),
    openGaps: n(`SELECT count(*) AS n FROM gaps g WHERE ${OPEN_GAP}`),
    auditEntries: n('SELECT count(*) AS n FROM audit_log'),
    dbBytes: n('SELECT page_count * page_size AS n FROM pragma_page_count(), pragma_page_size()'),
    schemaVersion: db.pragma('user_version', { simple: true }) as number,
  };
}

export function gaps(db: Db, args: { accountId?: string } = {}): Array<{ accountId: string; chatId: string; fromTs: number; toTs: number; reason: string; detectedAt: number }> {
  return stmt(db, `SELECT account_id AS accountId, chat_wa_id AS chatId, from_ts AS fromTs, to_ts AS toTs, reason,
      detected_at AS detectedAt FROM gaps g WHERE ${OPEN_GAP} AND (? IS NULL OR account_id = ?) ORDER BY detected_at`)
    .all(args.accountId ?? null, args.accountId ?? null) as ReturnType<typeof gaps>;
}

export function auditLog(db: Db, args: { limit?: number } = {}): Array<{ seq: number; at: number; actor: string; action: string; target: string | null; detail: unknown }> {
  return (stmt(db, 'SELECT seq, at, actor, action, target, detail FROM audit_log ORDER BY seq DESC LIMIT ?')
    .all(args.limit ?? 200) as { seq: number; at: number; actor: string; action: string; target: string | null; detail: string }[])
    .map((r) => ({ ...r, detail: JSON.parse(r.detail) as unknown }));
}

export function settings(db: Db): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const r of stmt(db, 'SELECT key, value FROM settings').all() as { key: string; value: string }[]) {
    out[r.key] = JSON.parse(r.value) as unknown;
  }
  return out;
}

export interface VerifyResult {
  ok: boolean;
  integrity: string[];
  audit: { ok: boolean; entries: number; brokenAt?: number };
}

/** integrity_check over every page plus the audit log's hash chain. */
export function verify(db: Db): VerifyResult {
  const integrity = (db.pragma('integrity_check') as { integrity_check: string }[]).map((r) => r.integrity_check);
  const audit = verifyAuditChain(db);
  return { ok: integrity.length === 1 && integrity[0] === 'ok' && audit.ok, integrity, audit };
}
