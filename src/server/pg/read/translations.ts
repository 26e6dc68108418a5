import type { MessageTranslation } from '../../../core/archive/queries/translations';
import { MESSAGE_TRANSLATIONS_SELECT, type TranslationRow, translationView } from '../../../core/archive/queries/translations';
import type { Sql } from '../db';
import { fromPg } from '../text';

/** Stored translations of a page of messages into `lang`, as the desktop reads them (shown under each original). */
export async function pgMessageTranslations(sql: Sql, args: { accountId: string; messageIds: string[]; lang: string }): Promise<MessageTranslation[]> {
  if (args.messageIds.length === 0) return [];
  const rows = await sql<TranslationRow>(`${MESSAGE_TRANSLATIONS_SELECT} WHERE t.account_id = $1 AND t.msg_wa_id = ANY($2::text[]) AND t.lang = $3`,
    [args.accountId, args.messageIds, args.lang]);
  return rows.map((r) => translationView({ ...r, text: fromPg(r.text), current: fromPg(r.current) }));
}
