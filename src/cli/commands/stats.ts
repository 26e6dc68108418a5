import { Archive } from '../../core/archive/archive';
import { parse, UsageError } from '../args';
import { KEY_HELP, KEY_OPTIONS, keyProviderFrom } from '../key-option';
import type { Output } from '../output';

export const STATS_USAGE = `switchboard stats <profile> [--json]
  Counts of accounts, chats, messages, edits, deletions, media and open sync gaps. ${KEY_HELP}`;

export async function statsCommand(argv: string[], out: Output): Promise<number> {
  const { values, positionals } = parse(argv, { ...KEY_OPTIONS, json: { type: 'boolean' } });
  const [profile] = positionals;
  if (!profile) throw new UsageError('stats needs a profile folder.');
  const { archive } = await Archive.openProfile(profile, keyProviderFrom(values), { readOnly: true });
  try {
    const stats = await archive.query('stats');
    if (values.json) out.json(stats);
    else for (const [k, v] of Object.entries(stats)) out.line(`${k.padEnd(14)} ${v}`);
    return 0;
  } finally {
    await archive.close();
  }
}
