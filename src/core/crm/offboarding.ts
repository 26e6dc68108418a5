import path from 'node:path';
import type { HandoverReport } from '../../shared/crm-views';
import type { Archive } from '../archive/archive';
import { type Progress, exportBundle } from '../exchange/bundle-export';
import type { BundleManifest } from '../exchange/bundle-manifest';
import { CrmError } from './errors';
import { planHandover } from './handover';

/**
 * Offboarding (离职交接) a departing rep: everything they own goes to a colleague (accounts,
 * customers, open follow-ups), a bundle of it is exported for safekeeping, and their access
 * is removed (the person is deactivated). Nothing of theirs is deleted: every message,
 * note and follow-up stays in the archive, now under the colleague.
 */

export interface OffboardRequest {
  personId: string;
  toId: string;
  /** Where to write the bundle; null: no bundle. */
  bundleFile: string | null;
  passphrase?: string | null;
  mediaDir: string;
  actor: string;
  onProgress?: (p: Progress) => void;
  signal?: AbortSignal;
}

export interface OffboardResult {
  report: HandoverReport;
  bundle: { file: string; manifest: BundleManifest } | null;
}

export async function offboard(archive: Archive, req: OffboardRequest, at: number = Date.now()): Promise<OffboardResult> {
  const person = (await archive.query('people')).find((p) => p.id === req.personId);
  if (!person) throw new CrmError('NOT_FOUND', `No person ${req.personId}. Check the team list.`);
  const plan = await planHandover(archive, { fromId: req.personId, toId: req.toId, all: true, actor: req.actor }, at);
  const accountIds = plan.report.accounts.map((a) => a.accountId);
  const customerIds = plan.report.customers.map((c) => c.customerId);
  let bundle: OffboardResult['bundle'] = null;
  if (req.bundleFile && (accountIds.length > 0 || customerIds.length > 0)) {
    bundle = await exportBundle({
      archive, mediaDir: req.mediaDir, file: req.bundleFile, accountIds, customerIds, passphrase: req.passphrase ?? null, now: at,
      ...(req.onProgress ? { onProgress: req.onProgress } : {}), ...(req.signal ? { signal: req.signal } : {}),
    });
  }
  await archive.write([
    ...plan.ops,
    { op: 'upsertPerson', personId: person.id, name: person.name, role: person.role, active: false },
    { op: 'audit', actor: req.actor, action: 'person.offboard', target: person.id, detail: {
      to: req.toId, accounts: accountIds, customers: customerIds.length,
      bundle: bundle ? { file: path.basename(bundle.file), chainHead: bundle.manifest.chainHead } : null,
    } },
  ], at);
  return { report: plan.report, bundle };
}
