import { inTransaction, type Pool } from '../pg/db';
import { appendServerAudit } from './server-audit';

/** The user's own team accounts: handed to them, or linked by their PCs and not handed to anyone else (access.ts). */
export async function ownAccounts(pool: Pool, userId: string): Promise<Set<string>> {
  const rows = (await pool.query<{ id: string }>('SELECT account_id AS id FROM sb_account_users() WHERE user_id = $1', [userId])).rows;
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
