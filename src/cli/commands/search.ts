import { Archive } from '../../core/archive/archive';
import { CHAT_KINDS, type ChatKind } from '../../core/archive/operations';
import { parse, parseDate, parseLimit, UsageError } from '../args';
import { KEY_HELP, KEY_OPTIONS, keyProviderFrom } from '../key-option';
import type { Output } from '../output';

export const SEARCH_USAGE = `switchboard search <profile> <query…> [--account ID] [--chat ID] [--sender ID]
    [--kind ${CHAT_KINDS.join('|')}] [--from DATE] [--to DATE] [--limit N] [--json]
  Full-text search over every account of a profile, newest first. ${KEY_HELP}`;

export async function searchCommand(argv: string[], out: Output): Promise<number> {
  const { values, positionals } = parse(argv, {
    ...KEY_OPTIONS,
    account: { type: 'string', multiple: true },
    chat: { type: 'string' },
    sender: { type: 'string' },
    kind: { type: 'string', multiple: true },
    from: { type: 'string' },
    to: { type: 'string' },
    limit: { type: 'string' },
    json: { type: 'boolean' },
  });
  const [profile, ...words] = positionals;
  if (!profile || words.length === 0) throw new UsageError('search needs a profile folder and a query.');
  for (const k of values.kind ?? []) {
    if (!(CHAT_KINDS as readonly string[]).includes(k)) throw new UsageError(`--kind must be one of ${CHAT_KINDS.join(', ')}; got "${k}".`);
  }
  if (values.chat && values.account?.length !== 1) throw new UsageError('--chat needs exactly one --account (chat ids are per account).');
  const { archive } = await Archive.openProfile(profile, keyProviderFrom(values), { readOnly: true });
  try {
    const result = await archive.query('search', {
      query: words.join(' '),
      ...(values.account ? { accountIds: values.account } : {}),
      ...(values.chat && values.account?.[0] ? { chat: { accountId: values.account[0], chatId: values.chat } } : {}),
      ...(values.sender ? { senderId: values.sender } : {}),
      ...(values.kind ? { kinds: values.kind as ChatKind[] } : {}),
      ...(values.from ? { from: parseDate(values.from, '--from') } : {}),
      ...(values.to ? { to: parseDate(values.to, '--to', true) } : {}),
      limit: parseLimit(values.limit, 20),
    });
    if (values.json) {
      out.json(result);
      return 0;
    }
    if (result.hits.length === 0) out.line('No messages match.');
    for (const h of result.hits) {
      const when = new Date(h.message.ts).toISOString().replace('T', ' ').slice(0, 16);
      const who = h.message.fromMe ? 'me' : (h.message.senderName ?? h.message.senderId ?? '?');
      out.line(`${when}  [${h.accountLabel}] ${h.chatName ?? h.message.chatId} · ${who}: ${h.snippet.replace(/\s+/g, ' ')}`);
    }
    return 0;
  } finally {
    await archive.close();
  }
}
