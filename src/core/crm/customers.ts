import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import {
  type CustomerConflict, type CustomerDetail, type CustomerListItem, type FollowUp, type TimelinePage,
} from '../../shared/crm-views';
import type { Archive } from '../archive/archive';
import type { ArchiveOpInput } from '../archive/operations';
import type { CustomerListArgs } from '../archive/queries/customers';
import { CrmError } from './errors';
import { CustomerPatch } from '../../shared/customer-fields';

/**
 * Customers as the app and the CLI use them. Reads are archive queries; every change is one
 * archive operation stamped with a monotonic time, so a later edit always wins over an
 * earlier one from this machine, and edits from other profiles merge by time.
 */


const text = (max: number) => z.string().trim().min(1).max(max);


export const FollowUpDetails = z.strictObject({
  text: text(4096),
  dueAt: z.number().int().nonnegative(),
  assigneeId: z.string().min(1).max(512).nullable(),
});
export type FollowUpDetails = z.infer<typeof FollowUpDetails>;

function parse<T>(schema: z.ZodType<T>, value: unknown): T {
  const r = schema.safeParse(value);
  if (r.success) return r.data;
  const issue = r.error.issues[0];
  throw new CrmError('INVALID_INPUT', `${issue?.path.join('.') || 'input'}: ${issue?.message ?? 'invalid'}. Nothing was changed.`);
}

/** What the service reads and writes: the desktop's archive, or (in the team console) the team archive as its user. */
export interface CrmStore {
  query: Archive['query'];
  write(ops: ArchiveOpInput[]): Promise<unknown>;
}

export class CustomerService {
  private last = 0;

  constructor(
    private readonly archive: CrmStore,
    private readonly clock: () => number = Date.now,
  ) {}

  /** A strictly increasing time for this service's writes. */
  private at(): number {
    this.last = Math.max(this.clock(), this.last + 1);
    return this.last;
  }

  list(args: Omit<CustomerListArgs, 'now'> = {}): Promise<{ items: CustomerListItem[]; total: number }> {
    return this.archive.query('customerList', { ...args, now: this.clock() });
  }

  async detail(customerId: string): Promise<CustomerDetail> {
    const d = await this.archive.query('customerDetail', { customerId, now: this.clock() });
    if (!d) throw new CrmError('NOT_FOUND', `No customer ${customerId}. Refresh the customer list.`);
    return d;
  }

  timeline(customerId: string, before?: number, limit?: number): Promise<TimelinePage> {
    return this.archive.query('customerTimeline', { customerId, ...(before !== undefined ? { before } : {}), ...(limit ? { limit } : {}) });
  }

  ofChat(accountId: string, chatId: string): Promise<string | null> {
    return this.archive.query('customerOfChat', { accountId, chatId });
  }

  conflicts(days?: number): Promise<CustomerConflict[]> {
    return this.archive.query('customerConflicts', { now: this.clock(), ...(days ? { days } : {}) });
  }

  private async requirePerson(personId: string | null | undefined, what: string): Promise<void> {
    if (!personId) return;
    if (!(await this.archive.query('people')).some((p) => p.id === personId)) {
      throw new CrmError('NOT_FOUND', `No person ${personId} (${what}). Add them under Settings → Team first.`);
    }
  }

  /** Sets fields (omitted: unchanged, null: cleared); a stage change joins the stage history. */
  async update(customerId: string, patch: CustomerPatch, by: string | null = null): Promise<CustomerDetail> {
    const p = parse(CustomerPatch, patch);
    const { customerId: root } = await this.detail(customerId);
    await this.requirePerson(p.ownerId, 'owner');
    await this.archive.write([{ op: 'customer', customerId: root, at: this.at(), by, ...p }]);
    return this.detail(root);
  }

  async setTag(customerId: string, tag: string, present: boolean): Promise<void> {
    const clean = parse(text(64), tag);
    const { customerId: root } = await this.detail(customerId);
    await this.archive.write([{ op: 'customerTag', customerId: root, tag: clean, present, at: this.at() }]);
  }

  async addNote(customerId: string, body: string, authorId: string | null = null): Promise<string> {
    const clean = parse(z.string().trim().min(1, 'A note cannot be empty').max(64 * 1024), body);
    const { customerId: root } = await this.detail(customerId);
    await this.requirePerson(authorId, 'author');
    const noteId = `note-${randomUUID()}`;
    await this.archive.write([{ op: 'customerNote', noteId, customerId: root, authorId, body: clean, at: this.at() }]);
    return noteId;
  }

  async addFollowUp(customerId: string, details: FollowUpDetails, by: string | null = null): Promise<string> {
    const d = parse(FollowUpDetails, details);
    const { customerId: root } = await this.detail(customerId);
    await this.requirePerson(d.assigneeId, 'assignee');
    const followUpId = `fu-${randomUUID()}`;
    await this.archive.write([{ op: 'followUp', followUpId, customerId: root, at: this.at(), by, details: d, done: false }]);
    return followUpId;
  }

  async updateFollowUp(customerId: string, followUpId: string, change: { details?: FollowUpDetails; done?: boolean },
    by: string | null = null): Promise<FollowUp> {
    const detail = await this.detail(customerId);
    const current = detail.followUps.find((f) => f.followUpId === followUpId);
    if (!current) throw new CrmError('NOT_FOUND', `No follow-up ${followUpId} for this customer. Refresh and try again.`);
    const details = change.details ? parse(FollowUpDetails, change.details) : undefined;
    await this.requirePerson(details?.assigneeId, 'assignee');
    await this.archive.write([{
      op: 'followUp', followUpId, customerId: current.customerId, at: this.at(), by,
      ...(details ? { details } : {}), ...(change.done !== undefined ? { done: change.done } : {}),
    }]);
    const after = (await this.detail(customerId)).followUps.find((f) => f.followUpId === followUpId);
    return after!;
  }

  /** Shows customer `fromId` (with its chats, notes and follow-ups) as `intoId`. Reversible with unmerge. */
  async merge(fromId: string, intoId: string): Promise<CustomerDetail> {
    const [from, into] = await Promise.all([this.detail(fromId), this.detail(intoId)]);
    if (from.customerId === into.customerId) {
      throw new CrmError('CONFLICT', 'These are already the same customer. Nothing was changed.');
    }
    await this.archive.write([{ op: 'customerMerge', fromId: from.customerId, intoId: into.customerId, at: this.at() }]);
    return this.detail(into.customerId);
  }

  /** Undoes merges into `customerId`: every customer merged into it is shown on its own again. */
  async unmerge(customerId: string, mergedId: string): Promise<void> {
    const d = await this.detail(customerId);
    if (!d.mergedIds.includes(mergedId) || mergedId === d.customerId) {
      throw new CrmError('NOT_FOUND', `${mergedId} is not merged into this customer. Refresh and try again.`);
    }
    await this.archive.write([{ op: 'customerMerge', fromId: mergedId, intoId: null, at: this.at() }]);
  }

  /** Takes one chat (account, contact) out of a customer into a new customer of its own. */
  async split(customerId: string, accountId: string, contactId: string): Promise<string> {
    const d = await this.detail(customerId);
    if (!d.members.some((m) => m.accountId === accountId && m.contactId === contactId)) {
      throw new CrmError('NOT_FOUND', `The chat ${contactId} of account ${accountId} is not part of this customer.`);
    }
    if (d.members.length === 1) {
      throw new CrmError('CONFLICT', 'This is the customer\'s only chat; there is nothing to split it from.');
    }
    const newId = `c:${randomUUID()}`;
    const at = this.at();
    const ops: ArchiveOpInput[] = [
      { op: 'customerLink', accountId, contactId, customerId: newId, at },
      // the new customer exists as a row, so it stays listed and can be renamed right away
      { op: 'customer', customerId: newId, at },
    ];
    await this.archive.write(ops);
    return newId;
  }

  /** Puts a chat back in the customer of its phone number. */
  async unlink(accountId: string, contactId: string): Promise<void> {
    await this.archive.write([{ op: 'customerLink', accountId, contactId, customerId: null, at: this.at() }]);
  }

  /** Moves one chat into an existing customer. */
  async link(accountId: string, contactId: string, customerId: string): Promise<void> {
    const { customerId: root } = await this.detail(customerId);
    await this.archive.write([{ op: 'customerLink', accountId, contactId, customerId: root, at: this.at() }]);
  }
}
