import { inTransaction, type Pool } from '../pg/db';
import { appendServerAudit } from './server-audit';

/** Team accounts the user's own PCs linked. */
export async function ownAccounts(pool: Pool, userId: string): Promise<Set<string>> {
  const rows = (await pool.query<{ id: string }>(`SELECT DISTINCT da.team_account_id AS id FROM device_accounts da
    JOIN devices d ON d.id = da.device_id WHERE d.user_id = $1 AND da.team_account_id IS NOT NULL`, [userId])).rows;
  return new Set(rows.map((r) => r.id));
}

/**
 * A lead (or admin) opening or exporting a chat of an account their own PCs did not link
 * is written to the server's audit log; a rep reading their own chats is not.
 */
export async function auditChatRead(pool: Pool, userId: string, action: 'chat.open' | 'chat.export', accountId: string, chatId: string): Promise<void> {
  if ((await ownAccounts(pool, userId)).has(accountId)) return;
  await inTransaction(pool, (sql) => appendServerAudit(sql, { at: Date.now(), actor: userId, action, target: `${accountId}/${chatId}`, detail: { accountId, chatId } }));
}
