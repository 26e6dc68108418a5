import type { CustomerView } from '../../../shared/crm-views';
import { CustomerService } from '../../crm/customers';
import { localTime } from '../../../shared/time-zone';
import { handover, planHandover } from '../../crm/handover';
import { ReminderWatcher } from '../../crm/reminders';
import { authorizeAdmin, type CoreContext, type HandlerMap } from '../context';
import { AppError } from '../app-error';
import { mapped } from './service-errors';

type CrmHandlers = Pick<HandlerMap,
  | 'customers.list' | 'customers.get' | 'customers.ofChat' | 'customers.timeline' | 'customers.update' | 'customers.setTag'
  | 'customers.addNote' | 'customers.addFollowUp' | 'customers.updateFollowUp' | 'customers.merge' | 'customers.unmerge'
  | 'customers.split' | 'customers.conflicts' | 'handover.plan' | 'handover.run' | 'analytics.team' | 'analytics.group'>;

export function crmHandlers(ctx: CoreContext): { handlers: CrmHandlers; dispose: () => Promise<void> } {
  const svc = new CustomerService(ctx.archive, ctx.now);
  const changed = (customerId: string | null) => ctx.events.emit('crm.changed', { customerId });
  const view = async (customerId: string): Promise<CustomerView> => {
    const d = await svc.detail(customerId);
    return { ...d, localTime: d.timeZone ? localTime(d.timeZone, ctx.now()) : null };
  };
  const reminders = new ReminderWatcher(ctx.archive, (due) => ctx.events.emit('crm.followUpsDue', due), { clock: ctx.now });
  reminders.start();

  const handlers: CrmHandlers = {
    'customers.list': (args) => svc.list(args),
    'customers.get': ({ customerId }) => view(customerId),
    'customers.ofChat': ({ accountId, chatId }) => svc.ofChat(accountId, chatId),
    'customers.timeline': ({ customerId, before, limit }) => svc.timeline(customerId, before, limit),
    'customers.update': async ({ customerId, patch, by }) => {
      const d = await svc.update(customerId, patch, by ?? null);
      changed(d.customerId);
      return view(d.customerId);
    },
    'customers.setTag': async ({ customerId, tag, present }) => {
      await svc.setTag(customerId, tag, present);
      changed(customerId);
    },
    'customers.addNote': async ({ customerId, body, authorId }) => {
      const noteId = await svc.addNote(customerId, body, authorId ?? null);
      changed(customerId);
      return { noteId };
    },
    'customers.addFollowUp': async ({ customerId, details, by }) => {
      const followUpId = await svc.addFollowUp(customerId, details, by ?? null);
      changed(customerId);
      reminders.poke();
      return { followUpId };
    },
    'customers.updateFollowUp': async ({ customerId, followUpId, details, done, by }) => {
      const f = await svc.updateFollowUp(customerId, followUpId, { ...(details ? { details } : {}), ...(done !== undefined ? { done } : {}) }, by ?? null);
      changed(customerId);
      reminders.poke();
      return f;
    },
    'customers.merge': async ({ fromId, intoId }) => {
      const d = await svc.merge(fromId, intoId);
      changed(null);
      return view(d.customerId);
    },
    'customers.unmerge': async ({ customerId, mergedId }) => {
      await svc.unmerge(customerId, mergedId);
      changed(null);
    },
    'customers.split': async ({ customerId, accountId, contactId }) => {
      const id = await svc.split(customerId, accountId, contactId);
      changed(null);
      return { customerId: id };
    },
    'customers.conflicts': ({ days }) => svc.conflicts(days),

    'handover.plan': async (req) => (await planHandover(ctx.archive, { ...req, actor: 'admin' }, ctx.now())).report,
    'handover.run': async ({ passphrase, ...req }) => {
      // checked before anything is written; the plan is refused with nothing changed if it is wrong
      await planHandover(ctx.archive, { ...req, actor: 'admin' }, ctx.now());
      await authorizeAdmin(ctx, passphrase, 'handover.run', `${req.fromId}→${req.toId}`, { all: !!req.all });
      const report = await handover(ctx.archive, { ...req, actor: 'admin' }, ctx.now());
      ctx.events.emit('accounts.changed', { accountId: null });
      changed(null);
      return report;
    },

    'analytics.team': (args) => ctx.archive.query('teamActivity', { ...args, now: ctx.now() }),
    'analytics.group': async (args) => {
      try {
        return await ctx.archive.query('groupActivity', args);
      } catch (err) {
        // too many buckets for the range
        throw new AppError('INVALID_INPUT', err instanceof Error ? err.message : String(err));
      }
    },
  };
  return { handlers: mapped(handlers), dispose: () => reminders.stop() };
}
