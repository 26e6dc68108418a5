import { AppError } from '../../core/app/app-error';
import { ArchiveBatch, type ArchiveOpInput } from '../../core/archive/operations';
import type { CrmStore } from '../../core/crm/customers';
import type { Person } from '../../shared/archive-views';
import { inTransaction, type Pool, type Sql } from '../pg/db';
import { applyBatchInTransaction } from '../pg/pg-applier';
import { pgCustomerDetail, pgCustomerList } from '../pg/read/customers';
import { queueInbox } from '../team/device-inbox';

/**
 * The desktop's customer service (src/core/crm/customers.ts) over the team archive, for CRM
 * edits made in the console: reads run as the console's user (row-level security), and each
 * edit is applied to the team archive as an operation from the console and queued for every
 * PC of the people whose accounts talk to that customer, so their desktops show it too (the
 * same latest-wins rules apply there). People here are the team's users.
 */

export interface ConsoleCrmContext {
  pool: Pool;
  userId: string;
  read<T>(fn: (sql: Sql) => Promise<T>): Promise<T>;
  team(sql: Sql): Promise<{ owners: Map<string, string>; people: Array<{ id: string; name: string }> }>;
}

export function consoleCrmStore(c: ConsoleCrmContext): CrmStore {
  const query = async (name: string, args: Record<string, unknown> = {}): Promise<unknown> => {
    switch (name) {
      case 'customerList':
        return c.read(async (sql) => pgCustomerList(sql, args, await c.team(sql)));
      case 'customerDetail':
        return c.read(async (sql) => pgCustomerDetail(sql, args as { customerId: string; now?: number }, await c.team(sql)));
      case 'people':
        return c.read(async (sql) => (await c.team(sql)).people.map((p): Person => ({ id: p.id, name: p.name, role: 'rep', active: true })));
      default:
        throw new AppError('UNSUPPORTED', 'The team console cannot do this yet; use the desktop app.');
    }
  };
  return {
    query: query as CrmStore['query'],
    async write(ops: ArchiveOpInput[]) {
      const batch = ArchiveBatch.parse(ops);
      const now = Date.now();
      const named = (op: object, key: string) => (key in op && typeof (op as Record<string, unknown>)[key] === 'string' ? [(op as Record<string, string>)[key]!] : []);
      const customerIds = [...new Set(batch.flatMap((op) => [...named(op, 'customerId'), ...named(op, 'fromId'), ...named(op, 'intoId')]))];
      // the PCs to tell: of the people whose accounts have a chat with the customer (or the chat an edit names)
      const accounts = new Set<string>(batch.flatMap((op) => named(op, 'accountId')));
      for (const customerId of customerIds) {
        const d = await c.read(async (sql) => pgCustomerDetail(sql, { customerId, now }, await c.team(sql)));
        for (const m of d?.members ?? []) accounts.add(m.accountId);
      }
      await inTransaction(c.pool, async (sql) => {
        await applyBatchInTransaction(sql, batch, { now, origin: `console:${c.userId}` });
        const devices = await sql<{ id: string }>(`SELECT DISTINCT d.id FROM sb_account_users() o JOIN devices d ON d.user_id = o.user_id
          WHERE o.account_id = ANY($1::text[]) AND d.revoked_at IS NULL`, [[...accounts]]);
        for (const d of devices) await queueInbox(sql, d.id, 'ops', { ops }, now);
      });
    },
  };
}
