import path from 'node:path';
import { Archive } from '../../core/archive/archive';
import { handover, planHandover } from '../../core/crm/handover';
import { offboard } from '../../core/crm/offboarding';
import type { HandoverReport } from '../../shared/crm-views';
import { parse, UsageError } from '../args';
import { KEY_HELP, KEY_OPTIONS, keyProviderFrom } from '../key-option';
import type { Output } from '../output';
import { BUNDLE_PASSPHRASE_ENV, guarded, readSecret, requireAdmin, SECRET_HELP, SECRET_OPTIONS } from './export';

export const HANDOVER_USAGE = `switchboard handover <profile> --from PERSON --to PERSON (--all | --account ID… | --customer ID…)
    [--dry-run] [--offboard [--bundle FILE] [--passphrase-file FILE]] [--admin-passphrase-file FILE] [--json]
  Gives rep A's accounts and/or customers (with their open follow-ups) to rep B in one step, written to the audit
  log, and prints the handover report. --offboard hands over everything, exports a bundle of it and deactivates A;
  nothing is deleted. ${SECRET_HELP} ${KEY_HELP}`;

const day = (ms: number | null) => (ms === null ? '—' : new Date(ms).toISOString().replace('T', ' ').slice(0, 16));

function printReport(out: Output, r: HandoverReport, dryRun: boolean): void {
  out.line(`${dryRun ? 'Would hand over' : 'Handed over'} from ${r.fromName ?? r.fromId} to ${r.toName ?? r.toId}:`);
  out.line(`Accounts (${r.accounts.length}): ${r.accounts.map((a) => `${a.label} [${a.accountId}]`).join(', ') || '—'}`);
  out.line(`Customers (${r.customers.length}):`);
  for (const c of r.customers) out.line(`  ${c.displayName} [${c.customerId}]  stage ${c.stage ?? '—'}  last ${day(c.lastMessageTs)}`);
  out.line(`Open follow-ups (${r.openFollowUps.length}):`);
  for (const f of r.openFollowUps) out.line(`  due ${day(f.dueAt)}  ${f.text ?? ''}  [${f.customerId}]`);
  out.line('Last messages:');
  for (const m of r.lastMessages) out.line(`  ${day(m.ts)} [${m.customerId}] ${m.fromMe ? 'us' : 'them'}: ${(m.text ?? '').replace(/\s+/g, ' ').slice(0, 100)}`);
}

export async function handoverCommand(argv: string[], out: Output): Promise<number> {
  const { values, positionals } = parse(argv, {
    ...KEY_OPTIONS,
    ...SECRET_OPTIONS,
    from: { type: 'string' },
    to: { type: 'string' },
    all: { type: 'boolean' },
    account: { type: 'string', multiple: true },
    customer: { type: 'string', multiple: true },
    'dry-run': { type: 'boolean' },
    offboard: { type: 'boolean' },
    bundle: { type: 'string' },
    json: { type: 'boolean' },
  });
  const [profile] = positionals;
  if (!profile) throw new UsageError('handover needs a profile folder.');
  if (!values.from || !values.to) throw new UsageError('handover needs --from and --to (person ids; see the team list).');
  if (values.offboard && (values.account || values.customer)) throw new UsageError('--offboard hands over everything; leave out --account and --customer.');
  if (values.bundle && !values.offboard) throw new UsageError('--bundle goes with --offboard.');
  if (!values.offboard && !values.all && !values.account?.length && !values.customer?.length) {
    throw new UsageError('Say what to hand over: --all, --account ID or --customer ID.');
  }
  const { archive, paths } = await Archive.openProfile(profile, keyProviderFrom(values), { readOnly: !!values['dry-run'] });
  try {
    return await guarded(out, async () => {
      const req = {
        fromId: values.from!, toId: values.to!, actor: 'cli', all: !!values.all || !!values.offboard,
        ...(values.account ? { accountIds: values.account } : {}), ...(values.customer ? { customerIds: values.customer } : {}),
      };
      if (values['dry-run']) {
        const { report } = await planHandover(archive, req, Date.now());
        if (values.json) out.json(report);
        else printReport(out, report, true);
        return 0;
      }
      await requireAdmin(archive, values);
      if (values.offboard) {
        const r = await offboard(archive, {
          personId: values.from!, toId: values.to!, bundleFile: values.bundle ? path.resolve(values.bundle) : null, mediaDir: paths.media,
          actor: 'cli', passphrase: readSecret(values['passphrase-file'], BUNDLE_PASSPHRASE_ENV),
        });
        if (values.json) out.json({ report: r.report, bundle: r.bundle ? { file: r.bundle.file, chainHead: r.bundle.manifest.chainHead } : null });
        else {
          printReport(out, r.report, false);
          if (r.bundle) out.line(`Bundle: ${r.bundle.file}`);
          out.line(`${r.report.fromName ?? r.report.fromId} is deactivated. Nothing of theirs was deleted.`);
        }
        return 0;
      }
      const report = await handover(archive, req);
      if (values.json) out.json(report);
      else printReport(out, report, false);
      return 0;
    });
  } finally {
    await archive.close();
  }
}
