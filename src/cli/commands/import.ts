import { closeSync, openSync, readSync } from 'node:fs';
import path from 'node:path';
import { Archive } from '../../core/archive/archive';
import { MAGIC } from '../../core/exchange/bundle-format';
import { importBundle } from '../../core/exchange/bundle-import';
import { DATE_ORDERS, type DateOrder } from '../../core/exchange/whatsapp-export-dates';
import { importWhatsAppExport } from '../../core/exchange/whatsapp-import';
import { isValidTimeZone } from '../../shared/time-zone';
import { parse, UsageError } from '../args';
import { KEY_HELP, KEY_OPTIONS, keyProviderFrom } from '../key-option';
import type { Output } from '../output';
import { BUNDLE_PASSPHRASE_ENV, guarded, readSecret, requireAdmin, SECRET_HELP, SECRET_OPTIONS } from './export';

export const IMPORT_USAGE = `switchboard import <profile> <bundle-file> [--passphrase-file FILE] [--admin-passphrase-file FILE] [--json]
switchboard import <profile> <chat.txt|chat.zip> --account ID --chat ID [--me NAME]… [--time-zone ZONE]
    [--date-order dmy|mdy|ymd] [--json]
  A bundle is verified completely, then merged (importing twice equals once); a damaged, changed or foreign file
  changes nothing. A WhatsApp "Export chat" file is added to one chat; messages the archive already has are skipped.
  When the file's dates do not show whether the day or the month comes first, import stops and asks for --date-order.
  ${SECRET_HELP} ${KEY_HELP}`;

function isBundle(file: string): boolean {
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch {
    return false;
  }
  try {
    const head = Buffer.alloc(MAGIC.length);
    return readSync(fd, head, 0, head.length, 0) === head.length && head.equals(MAGIC);
  } finally {
    closeSync(fd);
  }
}

export async function importCommand(argv: string[], out: Output): Promise<number> {
  const { values, positionals } = parse(argv, {
    ...KEY_OPTIONS,
    ...SECRET_OPTIONS,
    account: { type: 'string' },
    chat: { type: 'string' },
    me: { type: 'string', multiple: true },
    'time-zone': { type: 'string' },
    'date-order': { type: 'string' },
    json: { type: 'boolean' },
  });
  const [profile, file] = positionals;
  if (!profile || !file) throw new UsageError('import needs a profile folder and a file.');
  const bundle = isBundle(file);
  if (!bundle) {
    if (!/\.(txt|zip)$/i.test(file)) throw new UsageError(`${file} is neither a Switchboard bundle nor a WhatsApp export (.txt or .zip).`);
    if (!values.account || !values.chat) throw new UsageError('A WhatsApp export goes into one chat: give --account and --chat.');
  }
  const order = dateOrderOption(values['date-order']);
  const timeZone = values['time-zone'];
  if (timeZone && !isValidTimeZone(timeZone)) throw new UsageError(`--time-zone must be an IANA zone like Asia/Shanghai, got "${timeZone}".`);

  const { archive, paths } = await Archive.openProfile(profile, keyProviderFrom(values));
  try {
    return await guarded(out, async () => {
      if (bundle) {
        await requireAdmin(archive, values);
        const r = await importBundle({ archive, mediaDir: paths.media, file: path.resolve(file), actor: 'cli',
          passphrase: readSecret(values['passphrase-file'], BUNDLE_PASSPHRASE_ENV) });
        if (values.json) out.json({ ...r, manifest: { ...r.manifest, entries: r.manifest.entries.length } });
        else {
          out.line(`Imported ${path.basename(file)}: ${r.messagesInserted} new messages, ${r.messagesUpdated} already here, ${r.mediaFiles} media files.`);
          if (r.kept.people || r.kept.accounts) out.line(`Kept this profile's own ${r.kept.people} people and ${r.kept.accounts} accounts as they are.`);
        }
        return 0;
      }
      const r = await importWhatsAppExport({
        archive, mediaDir: paths.media, file: path.resolve(file), accountId: values.account!, chatId: values.chat!,
        ...(values.me ? { me: values.me } : {}), ...(timeZone ? { timeZone } : {}),
        ...(order ? { dateOrder: order } : {}),
      });
      if (values.json) out.json(r);
      else {
        out.line(`Read ${r.parsed} messages: ${r.imported} imported, ${r.alreadyArchived} already in the archive, ${r.mediaStored} media files stored${r.gapsClosed ? `, ${r.gapsClosed} capture gap(s) closed` : ''}.`);
        for (const a of r.authors) out.line(`  "${a.author}" → ${a.as === 'me' ? 'this account' : (a.senderId ?? 'unknown sender')}`);
      }
      return 0;
    });
  } finally {
    await archive.close();
  }
}

// day-first and month-first are the names earlier versions took
const DATE_ORDER_ALIASES: Record<string, DateOrder> = { 'day-first': 'dmy', 'month-first': 'mdy', 'year-first': 'ymd' };

function dateOrderOption(value: string | undefined): DateOrder | undefined {
  if (value === undefined) return undefined;
  const order = (DATE_ORDERS as readonly string[]).includes(value) ? value as DateOrder : DATE_ORDER_ALIASES[value];
  if (!order) throw new UsageError(`--date-order must be one of ${DATE_ORDERS.join(', ')} (day/month/year, month/day/year, year/month/day), got "${value}".`);
  return order;
}
