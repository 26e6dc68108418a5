import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Archive } from '../../core/archive/archive';
import { verifyPassphrase } from '../../core/app/admin-passphrase';
import { AppStore } from '../../core/app/app-store';
import { CrmError } from '../../core/crm/errors';
import { exportBundle } from '../../core/exchange/bundle-export';
import { EXPORT_FORMATS, type ExportFormat, type ExportSelection, exportChats } from '../../core/exchange/chat-export';
import { ExchangeError } from '../../core/exchange/errors';
import { isValidTimeZone } from '../../shared/time-zone';
import { parse, parseDate, UsageError } from '../args';
import { KEY_HELP, KEY_OPTIONS, keyProviderFrom } from '../key-option';
import type { Output } from '../output';

export const BUNDLE_PASSPHRASE_ENV = 'SWITCHBOARD_BUNDLE_PASSPHRASE';
export const ADMIN_PASSPHRASE_ENV = 'SWITCHBOARD_ADMIN_PASSPHRASE';
export const SECRET_OPTIONS = {
  'passphrase-file': { type: 'string' },
  'admin-passphrase-file': { type: 'string' },
} as const;
export const SECRET_HELP = `Bundle passphrase: --passphrase-file <file> or ${BUNDLE_PASSPHRASE_ENV}. When the profile has an admin passphrase,
  bundles and handovers need it: --admin-passphrase-file <file> or ${ADMIN_PASSPHRASE_ENV}.`;

export const EXPORT_USAGE = `switchboard export <profile> --format ${[...EXPORT_FORMATS, 'bundle'].join('|')} --out <folder, or file for a bundle>
    [--account ID]… [--chat ID] [--customer ID]… [--from DATE] [--to DATE]
    [--time-zone ZONE] [--language zh-CN|en] [--no-media] [--passphrase-file FILE] [--admin-passphrase-file FILE] [--json]
  A chat (--account and --chat), a customer (--customer) or a date range (--from/--to, optionally per --account) as
  HTML, PDF, CSV or JSON files; or selected accounts and customers as one verifiable bundle (optionally encrypted).
  ${SECRET_HELP} ${KEY_HELP}`;

/** A secret from a file (first line) or an environment variable; null when neither is given. */
export function readSecret(file: string | undefined, env: string): string | null {
  if (file) {
    try {
      return readFileSync(file, 'utf8').replace(/\r?\n$/, '');
    } catch {
      throw new UsageError(`Cannot read the passphrase file ${file}.`);
    }
  }
  return process.env[env] || null;
}

/** Same rule as the app's admin channels: when a passphrase is set, bulk export, import and handover need it. */
export async function requireAdmin(archive: Archive, values: { 'admin-passphrase-file'?: string | undefined }): Promise<void> {
  const store = await AppStore.load(archive);
  if (!store.passphrase) return;
  const given = readSecret(values['admin-passphrase-file'], ADMIN_PASSPHRASE_ENV);
  if (!given) throw new UsageError(`This profile has an admin passphrase: pass --admin-passphrase-file or set ${ADMIN_PASSPHRASE_ENV}.`);
  if (!(await verifyPassphrase(given, store.passphrase))) {
    throw new ExchangeError('INVALID_INPUT', 'The admin passphrase is wrong. Nothing was changed.');
  }
}

/** Runs a command body; the services' own errors become "Error: …" and exit code 1, like archive errors. */
export async function guarded(out: Output, body: () => Promise<number>): Promise<number> {
  try {
    return await body();
  } catch (err) {
    if (err instanceof ExchangeError || err instanceof CrmError) {
      out.error(`Error: ${err.message}`);
      return 1;
    }
    throw err;
  }
}

export async function exportCommand(argv: string[], out: Output): Promise<number> {
  const { values, positionals } = parse(argv, {
    ...KEY_OPTIONS,
    ...SECRET_OPTIONS,
    format: { type: 'string' },
    out: { type: 'string' },
    account: { type: 'string', multiple: true },
    chat: { type: 'string' },
    customer: { type: 'string', multiple: true },
    from: { type: 'string' },
    to: { type: 'string' },
    'time-zone': { type: 'string' },
    language: { type: 'string' },
    'no-media': { type: 'boolean' },
    json: { type: 'boolean' },
  });
  const [profile] = positionals;
  if (!profile) throw new UsageError('export needs a profile folder.');
  const format = values.format;
  if (!format || ![...EXPORT_FORMATS, 'bundle'].includes(format)) {
    throw new UsageError(`--format must be one of ${[...EXPORT_FORMATS, 'bundle'].join(', ')}.`);
  }
  if (!values.out) throw new UsageError('--out is required: a folder for files, a file name for a bundle.');
  const from = parseDate(values.from, '--from');
  const to = parseDate(values.to, '--to', true);
  const timeZone = values['time-zone'];
  if (timeZone && !isValidTimeZone(timeZone)) throw new UsageError(`--time-zone must be an IANA zone like Asia/Shanghai, got "${timeZone}".`);
  const language = values.language ?? 'en';
  if (language !== 'en' && language !== 'zh-CN') throw new UsageError('--language must be zh-CN or en.');
  const accounts = values.account ?? [];
  const customers = values.customer ?? [];
  if (values.chat && accounts.length !== 1) throw new UsageError('--chat needs exactly one --account (chat ids are per account).');

  const { archive, paths } = await Archive.openProfile(profile, keyProviderFrom(values), { readOnly: format !== 'bundle' });
  try {
    return await guarded(out, async () => {
      if (format === 'bundle') {
        if (accounts.length === 0 && customers.length === 0) throw new UsageError('A bundle needs --account and/or --customer.');
        await requireAdmin(archive, values);
        const passphrase = readSecret(values['passphrase-file'], BUNDLE_PASSPHRASE_ENV);
        const { file, manifest } = await exportBundle({
          archive, mediaDir: paths.media, file: path.resolve(values.out!), accountIds: accounts, customerIds: customers, passphrase,
          includeMedia: !values['no-media'], ...(from !== undefined ? { from } : {}), ...(to !== undefined ? { to } : {}),
        });
        await archive.write([{ op: 'audit', actor: 'cli', action: 'bundle.export', target: path.basename(file),
          detail: { selection: manifest.selection, encrypted: !!passphrase, chainHead: manifest.chainHead } }]);
        if (values.json) out.json({ file, manifest: { ...manifest, entries: manifest.entries.length } });
        else {
          out.line(`Bundle written to ${file}${passphrase ? ' (encrypted)' : ''}.`);
          out.line(`${manifest.counts.ops.upsertMessage ?? 0} messages, ${manifest.counts.mediaFiles} media files, chain ${manifest.chainHead}.`);
        }
        return 0;
      }
      let selection: ExportSelection;
      if (values.chat) selection = { kind: 'chat', accountId: accounts[0]!, chatId: values.chat };
      else if (customers.length === 1) selection = { kind: 'customer', customerId: customers[0]! };
      else if (customers.length > 1) throw new UsageError('Export one --customer at a time (or make a bundle of several).');
      else selection = { kind: 'range', ...(accounts.length ? { accountIds: accounts } : {}) };
      const r = await exportChats({
        archive, mediaDir: paths.media, outDir: path.resolve(values.out!), format: format as ExportFormat, selection, language,
        copyMedia: !values['no-media'], ...(timeZone ? { timeZone } : {}), ...(from !== undefined ? { from } : {}), ...(to !== undefined ? { to } : {}),
      });
      if (values.json) out.json(r);
      else {
        for (const [i, f] of r.files.entries()) out.line(`${f}  sha256 ${r.sha256[i]}`);
        out.line(`${r.messages} messages in ${r.files.length} file${r.files.length === 1 ? '' : 's'}.`);
      }
      return 0;
    });
  } finally {
    await archive.close();
  }
}
