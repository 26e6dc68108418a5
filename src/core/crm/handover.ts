import type { AccountRow } from '../../shared/archive-views';
import type { HandoverReport } from '../../shared/crm-views';
import type { Archive } from '../archive/archive';
import type { ArchiveOpInput } from '../archive/operations';
import { CrmError } from './errors';

/**
 * One-click handover (一键交接): an admin gives rep A's accounts and/or customers to rep B.
 * Owners change, open follow-ups move with them, every change lands in the audit log, and
 * the whole handover is ONE archive batch: it happens completely or not at all. Nothing is
 * deleted; the archive of every account stays as it was.
 */

export interface HandoverRequest {
  fromId: string;
  toId: string;
  /** Accounts to hand over; they must belong to `fromId`. */
  accountIds?: string[];
  /** Customers to hand over; each must be A's (its owner, or reached through A's accounts). */
  customerIds?: string[];
  /** Everything A owns: every account, every customer, every open follow-up assigned to A. */
  all?: boolean;
  /** Who does it, for the audit log. */
  actor: string;
}

export interface HandoverPlan {
  report: HandoverReport;
  ops: ArchiveOpInput[];
}

const LAST_MESSAGES_PER_CUSTOMER = 3;

/** Works out what a handover would change, without changing anything (a dry run, and the wizard's preview). */
export async function planHandover(archive: Archive, req: HandoverRequest, at: number): Promise<HandoverPlan> {
  if (req.fromId === req.toId) throw new CrmError('INVALID_INPUT', 'Choose two different people: a handover goes from one rep to another.');
  const people = await archive.query('people');
  const from = people.find((p) => p.id === req.fromId);
  const to = people.find((p) => p.id === req.toId);
  if (!from) throw new CrmError('NOT_FOUND', `No person ${req.fromId}. Check the team list.`);
  if (!to) throw new CrmError('NOT_FOUND', `No person ${req.toId}. Check the team list.`);
  if (!to.active) throw new CrmError('CONFLICT', `${to.name} is deactivated; hand over to an active colleague.`);
  if (!req.all && !req.accountIds?.length && !req.customerIds?.length) {
    throw new CrmError('INVALID_INPUT', 'Nothing to hand over: choose accounts, customers, or everything.');
  }

  const allAccounts = await archive.query('accounts', { includeRemoved: true });
  const accounts = pickAccounts(allAccounts, req);
  const handedAccounts = new Set(accounts.map((a) => a.id));

  // A's customers are computed before any owner changes: explicit owner A, or only A's accounts.
  const owned = (await archive.query('customerList', { ownerId: req.fromId, limit: 100_000, now: at })).items;
  let customers = owned;
  if (!req.all) {
    const wanted = new Set(req.customerIds ?? []);
    const viaAccounts = owned.filter((c) => c.accountIds.some((id) => handedAccounts.has(id)) && c.ownerId === null);
    const chosen: typeof owned = [];
    for (const id of wanted) {
      const detail = await archive.query('customerDetail', { customerId: id, now: at });
      if (!detail) throw new CrmError('NOT_FOUND', `No customer ${id}. Refresh the customer list.`);
      const isA = detail.effectiveOwnerId === req.fromId || detail.accountIds.some((a) => allAccounts.find((x) => x.id === a)?.ownerId === req.fromId);
      if (!isA) throw new CrmError('CONFLICT', `${detail.displayName} is not ${from.name}'s customer. Nothing was changed.`);
      chosen.push(detail);
    }
    customers = [...new Map([...chosen, ...viaAccounts].map((c) => [c.customerId, c])).values()];
  }
  const customerIds = customers.map((c) => c.customerId);

  const followUps = (await archive.query('openFollowUps', { customerIds, ...(req.all ? { assigneeId: req.fromId } : {}) }))
    .filter((f) => f.assigneeId === req.fromId || f.assigneeId === null);

  const lastMessages: HandoverReport['lastMessages'] = [];
  for (const c of customers) {
    const page = await archive.query('customerTimeline', { customerId: c.customerId, limit: LAST_MESSAGES_PER_CUSTOMER * 2 });
    const msgs = page.items.filter((i) => i.kind === 'message').slice(-LAST_MESSAGES_PER_CUSTOMER).reverse();
    for (const m of msgs) {
      if (m.kind !== 'message') continue;
      lastMessages.push({ customerId: c.customerId, accountId: m.message.accountId, chatId: m.message.chatId, ts: m.message.ts,
        fromMe: m.message.fromMe, text: m.message.text });
    }
  }

  const report: HandoverReport = {
    fromId: from.id, fromName: from.name, toId: to.id, toName: to.name, at,
    accounts: accounts.map((a) => ({ accountId: a.id, label: a.label })),
    customers: customers.map((c) => ({ customerId: c.customerId, displayName: c.displayName, stage: c.stage, lastMessageTs: c.lastMessageTs })),
    openFollowUps: followUps.map((f) => ({ followUpId: f.followUpId, customerId: f.customerId, text: f.text, dueAt: f.dueAt })),
    lastMessages,
  };
  const ops: ArchiveOpInput[] = [
    ...accounts.flatMap((a): ArchiveOpInput[] => [
      { op: 'patchAccount', accountId: a.id, ownerId: to.id },
      { op: 'audit', actor: req.actor, action: 'account.setOwner', target: a.id, detail: { from: from.id, to: to.id, via: 'handover' } },
    ]),
    ...customers.map((c): ArchiveOpInput => ({ op: 'customer', customerId: c.customerId, at, by: null, ownerId: to.id })),
    ...followUps.map((f): ArchiveOpInput => ({
      op: 'followUp', followUpId: f.followUpId, customerId: f.customerId, at, by: null,
      details: { text: f.text ?? '', dueAt: f.dueAt ?? at, assigneeId: to.id },
    })),
    { op: 'audit', actor: req.actor, action: 'handover', target: `${from.id}→${to.id}`, detail: {
      from: from.id, to: to.id, accounts: accounts.map((a) => a.id), customers: customerIds.length, followUps: followUps.length,
    } },
  ];
  return { report, ops };
}

function pickAccounts(all: AccountRow[], req: HandoverRequest): AccountRow[] {
  if (req.all) return all.filter((a) => a.ownerId === req.fromId);
  return (req.accountIds ?? []).map((id) => {
    const a = all.find((x) => x.id === id);
    if (!a) throw new CrmError('NOT_FOUND', `No account ${id}. Refresh the account list.`);
    if (a.ownerId !== req.fromId) throw new CrmError('CONFLICT', `Account ${a.label} does not belong to ${req.fromId}. Nothing was changed.`);
    return a;
  });
}

/** Hands over and returns the report; one atomic batch. */
export async function handover(archive: Archive, req: HandoverRequest, at: number = Date.now()): Promise<HandoverReport> {
  const plan = await planHandover(archive, req, at);
  await archive.write(plan.ops, at);
  return plan.report;
}
