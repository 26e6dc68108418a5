import { randomUUID } from 'node:crypto';
import path from 'node:path';
import type { ExchangeDone, ExchangeJobKind } from '../../../shared/crm-views';
import { offboard } from '../../crm/offboarding';
import { exportBundle, type Progress } from '../../exchange/bundle-export';
import { importBundle } from '../../exchange/bundle-import';
import { BUNDLE_EXTENSION } from '../../exchange/bundle-format';
import { exportChats } from '../../exchange/chat-export';
import { ExchangeError } from '../../exchange/errors';
import { importWhatsAppExport, previewWhatsAppExport } from '../../exchange/whatsapp-import';
import { AppError, toErrorData } from '../app-error';
import { authorizeAdmin, type CoreContext, type HandlerMap } from '../context';
import { crmHandlers } from './customers';
import { mapped, toAppError } from './service-errors';

type ExchangeHandlers = Pick<HandlerMap,
  | 'handover.offboard' | 'exchange.exportChats' | 'exchange.exportBundle' | 'exchange.importBundle' | 'exchange.importWhatsApp' | 'exchange.previewWhatsApp'
  | 'exchange.cancel'>;

interface JobResult {
  files: string[];
  folder: string | null;
  messages: number;
}

const stamp = (ms: number) => new Date(ms).toISOString().replace(/[:.]/g, '-').slice(0, 19);
const PROGRESS_EVERY_MS = 150;

/**
 * Exports and imports run as jobs: the call returns a job id at once; progress and the
 * result arrive as exchange.progress / exchange.done events; exchange.cancel aborts one.
 */
export function exchangeHandlers(ctx: CoreContext): { handlers: ExchangeHandlers; dispose: () => Promise<void> } {
  const jobs = new Map<string, { abort: AbortController; done: Promise<void> }>();
  const exportsDir = path.join(ctx.paths.dir, 'exports');

  function start(kind: ExchangeJobKind, run: (signal: AbortSignal, progress: (p: Progress) => void) => Promise<JobResult>): { jobId: string } {
    const jobId = randomUUID();
    const abort = new AbortController();
    let last = 0;
    const progress = (p: Progress) => {
      const now = Date.now();
      if (p.phase === 'messages' && p.done < p.total && now - last < PROGRESS_EVERY_MS) return;
      last = now;
      ctx.events.emit('exchange.progress', { jobId, kind, ...p });
    };
    const finish = (d: Omit<ExchangeDone, 'jobId' | 'kind'>) => ctx.events.emit('exchange.done', { jobId, kind, ...d });
    const done = run(abort.signal, progress).then(
      (r) => finish({ ok: true, ...r, error: null }),
      (err: unknown) => {
        const e = toErrorData(toAppError(err));
        finish({ ok: false, files: [], folder: null, messages: 0, error: { code: e.code, message: e.message } });
      },
    ).finally(() => jobs.delete(jobId));
    jobs.set(jobId, { abort, done });
    return { jobId };
  }

  const handlers: ExchangeHandlers = {
    'handover.offboard': async ({ personId, toId, bundle, bundleFile, bundlePassphrase, passphrase }) => {
      const file = bundle ? (bundleFile ?? path.join(exportsDir, `offboard-${personId.replace(/[^A-Za-z0-9_-]/g, '_')}-${stamp(ctx.now())}.${BUNDLE_EXTENSION}`)) : null;
      await authorizeAdmin(ctx, passphrase, 'person.offboard.start', personId, { to: toId, bundle: !!file });
      if (file) await import('node:fs/promises').then((fs) => fs.mkdir(path.dirname(file), { recursive: true }));
      const r = await offboard(ctx.archive, { personId, toId, bundleFile: file, passphrase: bundlePassphrase ?? null, mediaDir: ctx.paths.media,
        actor: 'admin' }, ctx.now());
      ctx.events.emit('accounts.changed', { accountId: null });
      ctx.events.emit('crm.changed', { customerId: null });
      return { report: r.report, bundleFile: r.bundle?.file ?? null };
    },
    'exchange.exportChats': ({ format, selection, from, to, outDir, language, timeZone }) => {
      const dir = outDir ?? path.join(exportsDir, stamp(ctx.now()));
      return start('exportChats', async (signal, onProgress) => {
        const r = await exportChats({
          archive: ctx.archive, mediaDir: ctx.paths.media, outDir: dir, format, selection, signal, onProgress,
          ...(from !== undefined ? { from } : {}), ...(to !== undefined ? { to } : {}), ...(language ? { language } : {}),
          ...(timeZone ? { timeZone } : {}),
        });
        return { files: r.files, folder: dir, messages: r.messages };
      });
    },
    'exchange.exportBundle': async ({ passphrase, bundlePassphrase, file, accountIds, customerIds, from, to, includeMedia }) => {
      if (!accountIds?.length && !customerIds?.length) throw new AppError('INVALID_INPUT', 'Choose at least one account or customer to export.');
      await authorizeAdmin(ctx, passphrase, 'bundle.export', null, { accountIds: accountIds ?? [], customers: customerIds?.length ?? 0,
        encrypted: !!bundlePassphrase });
      const target = file ?? path.join(exportsDir, `bundle-${stamp(ctx.now())}.${BUNDLE_EXTENSION}`);
      return start('exportBundle', async (signal, onProgress) => {
        await import('node:fs/promises').then((fs) => fs.mkdir(path.dirname(target), { recursive: true }));
        const r = await exportBundle({
          archive: ctx.archive, mediaDir: ctx.paths.media, file: target, accountIds: accountIds ?? [], customerIds: customerIds ?? [],
          passphrase: bundlePassphrase ?? null, signal, onProgress, app: `switchboard ${ctx.version}`,
          ...(includeMedia !== undefined ? { includeMedia } : {}), ...(from !== undefined ? { from } : {}), ...(to !== undefined ? { to } : {}),
        });
        return { files: [r.file], folder: path.dirname(r.file), messages: r.manifest.counts.ops.upsertMessage ?? 0 };
      });
    },
    'exchange.importBundle': async ({ file, bundlePassphrase, passphrase }) => {
      await authorizeAdmin(ctx, passphrase, 'bundle.import.start', path.basename(file), {});
      return start('importBundle', async (signal, onProgress) => {
        const r = await importBundle({ archive: ctx.archive, mediaDir: ctx.paths.media, file, passphrase: bundlePassphrase ?? null, signal,
          onProgress, actor: 'admin' });
        ctx.events.emit('accounts.changed', { accountId: null });
        ctx.events.emit('crm.changed', { customerId: null });
        return { files: [file], folder: null, messages: r.messagesInserted };
      });
    },
    'exchange.previewWhatsApp': ({ file }) => previewWhatsAppExport({ file, now: ctx.now(), mediaCapBytes: ctx.store.settings.mediaCapMb * 1024 * 1024 }),
    'exchange.importWhatsApp': ({ file, accountId, chatId, me, timeZone, dateOrder }) =>
      start('importWhatsApp', async (signal, onProgress) => {
        const r = await importWhatsAppExport({
          archive: ctx.archive, mediaDir: ctx.paths.media, file, accountId, chatId, signal, onProgress, mediaCapBytes: ctx.store.settings.mediaCapMb * 1024 * 1024,
          ...(me ? { me } : {}), ...(timeZone ? { timeZone } : {}), ...(dateOrder ? { dateOrder } : {}), now: ctx.now(),
        });
        return { files: [file], folder: null, messages: r.imported };
      }),
    'exchange.cancel': ({ jobId }) => {
      const job = jobs.get(jobId);
      if (!job) throw new ExchangeError('NOT_FOUND', 'That export or import has already finished.');
      job.abort.abort();
    },
  };
  return {
    handlers: mapped(handlers),
    async dispose() {
      for (const j of jobs.values()) j.abort.abort();
      await Promise.all([...jobs.values()].map((j) => j.done));
    },
  };
}

/** Every issue-6 channel (customers, handover, exchange, analytics) and how to stop their background work. */
export function workflowHandlers(ctx: CoreContext): { handlers: ExchangeHandlers & ReturnType<typeof crmHandlers>['handlers']; dispose: () => Promise<void> } {
  const crm = crmHandlers(ctx);
  const exchange = exchangeHandlers(ctx);
  return {
    handlers: { ...crm.handlers, ...exchange.handlers },
    dispose: async () => {
      await Promise.all([crm.dispose(), exchange.dispose()]);
    },
  };
}
