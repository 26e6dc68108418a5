import type { ArchiveOp } from '../../core/archive/operations';
import type { Sql } from '../pg/db';

/**
 * What changed in a push, told to every server instance with PostgreSQL's NOTIFY. It is sent
 * inside the push's transaction, so listeners hear of it only once it is committed (and never
 * of a push that rolled back); the consoles' live views then read what changed as their user.
 */

export const LIVE_CHANNEL = 'switchboard_live';

/** A payload: new or changed messages by account and chat, and accounts whose state changed. */
export interface LiveNote {
  messages: Array<{ a: string; c: string; m: string }>;
  accounts: string[];
}

/** NOTIFY payloads must stay under 8000 bytes. */
const MAX_PAYLOAD = 7000;

export async function notifyLive(sql: Sql, ops: readonly ArchiveOp[]): Promise<void> {
  const messages: LiveNote['messages'] = [];
  const accounts = new Set<string>();
  for (const op of ops) {
    if (op.op === 'upsertMessage') messages.push({ a: op.accountId, c: op.message.chatId, m: op.message.id });
    else if (op.op === 'accountState') accounts.add(op.accountId);
  }
  if (messages.length === 0 && accounts.size === 0) return;
  let note: LiveNote = { messages: [], accounts: [...accounts] };
  let size = JSON.stringify(note).length;
  const send = async () => {
    await sql('SELECT pg_notify($1, $2)', [LIVE_CHANNEL, JSON.stringify(note)]);
    note = { messages: [], accounts: [] };
    size = JSON.stringify(note).length;
  };
  for (const m of messages) {
    const add = JSON.stringify(m).length + 1;
    if (size + add > MAX_PAYLOAD) await send();
    note.messages.push(m);
    size += add;
  }
  await send();
}
