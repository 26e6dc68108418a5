import type { SupervisorApi } from '../accounts/supervisor-api';
import type { CapturedMessage } from '../../shared/account-views';
import { supervisorSettings } from '../accounts/settings-policy';
import type { OpenTarget } from '../../shared/account-views';
import {
  CHANNELS, type ChannelInput, type ChannelName, type ChannelOutput, type EventName, type EventPayload, isChannelName, type PickPurpose,
} from '../../shared/contract';
import type { InvokeResult } from '../../shared/errors';
import type { Layout } from '../../shared/layout';
import type { Settings } from '../../shared/settings';
import type { Archive } from '../archive/archive';
import type { KeyProvider } from '../archive/key';
import { openMedia } from '../archive/media-store';
import type { ProfilePaths } from '../archive/profile';
import type { AccountPages } from '../capture/composer-adapter';
import { TranslationService } from '../translate';
import { AppError, invalidInput, toErrorData } from './app-error';
import { AppStore } from './app-store';
import type { CoreContext, HandlerMap } from './context';
import { EventHub } from './event-hub';
import { accountHandlers } from './handlers/accounts';
import { appHandlers } from './handlers/app';
import { archiveHandlers, unreadOf } from './handlers/archive';
import { workflowHandlers } from './handlers/exchange';
import { translateHandlers } from './handlers/translate';
import { NotificationCentre } from './notification-centre';
import { teamSync, type TeamTimings } from './team-sync';

export interface CoreOptions {
  /** The opened archive; Core owns it from now on and closes it in close(). */
  archive: Archive;
  paths: ProfilePaths;
  /** The account supervisor, owned by Core from now on; null for an archive-only window. */
  supervisor: SupervisorApi | null;
  /** The archive's key provider (the one the archive was opened with): translation provider keys are sealed under it. */
  keys: KeyProvider;
  /** The accounts' live pages, for putting translated text into WhatsApp's message box; omitted: no live views. */
  accountPages?: AccountPages;
  /** The native file dialog (Electron main); omitted: paths are typed. */
  pickPath?: (purpose: PickPurpose) => Promise<string | null>;
  /** Points the app at another profile folder and restarts it (Electron main); omitted: the data folder cannot move. */
  relocateProfile?: (dir: string) => Promise<void>;
  version?: string;
  now?: () => number;
  /** Team server timings: how often an idle enrolled PC calls in (default 15 s), the longest wait between retries (default 60 s). */
  teamTimings?: TeamTimings;
  /** Where unexpected errors go (handler crashes, throwing listeners). */
  onError?: (err: unknown, where: string) => void;
}

export interface MediaFile {
  size: number;
  mime: string | null;
  stream: () => NodeJS.ReadableStream;
}

/**
 * The Core facade: the one object main (IPC router, media protocol, tray) and the browser
 * harness bind to. It validates every call against the contract, runs it on the archive
 * and the supervisor, and turns what happens into contract events.
 */
export interface Core {
  /** A contract call as it arrives over the wire: validated here; never rejects. */
  handle(channel: string, input: unknown): Promise<InvokeResult<unknown>>;
  /** The same, typed, for in-process callers; throws AppError. */
  call<C extends ChannelName>(channel: C, input: ChannelInput<C>): Promise<ChannelOutput<C>>;
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void;
  /** Every event, for hosts that forward them all (main → app window, harness → page). */
  onAny(listener: <E extends EventName>(event: E, payload: EventPayload<E>) => void): () => void;
  /** A stored media file by sha256 (for the media protocol), or null. */
  media(sha256: string): Promise<MediaFile | null>;
  /** Ask the app window to show a chat (native notification clicked). */
  requestOpen(target: OpenTarget): void;
  /** Ask the app window to show a customer (a follow-up reminder was clicked). */
  requestOpenCustomer(customerId: string | null): void;
  settings(): Settings;
  layout(): { layout: Layout; slots: CoreContext['slots'] };
  close(): Promise<void>;
}

export async function createCore(options: CoreOptions): Promise<Core> {
  const report = options.onError ?? ((err: unknown, where: string) => console.error(`[core] ${where}:`, err));
  const events = new EventHub((err) => report(err, 'event listener'));
  const ctx: CoreContext = {
    archive: options.archive,
    paths: options.paths,
    supervisor: options.supervisor,
    events,
    notifications: new NotificationCentre(),
    store: await AppStore.load(options.archive),
    version: options.version ?? '0.0.0',
    now: options.now ?? Date.now,
    slots: [],
    translation: new TranslationService({ archive: options.archive, keys: options.keys, ...(options.now ? { now: options.now } : {}) }),
    pages: options.accountPages ?? null,
    pickPath: options.pickPath ?? null,
    keys: options.keys,
    relocateProfile: options.relocateProfile ?? null,
  };
  const workflows = workflowHandlers(ctx); // customers, handover, exchange, analytics (issue 6)
  const translate = translateHandlers(ctx, report); // issue 7
  const team = teamSync(ctx, report, options.teamTimings); // issue 12
  const handlers: HandlerMap = {
    ...accountHandlers(ctx), ...archiveHandlers(ctx), ...appHandlers(ctx), ...workflows.handlers, ...translate.handlers, ...team.handlers,
  };
  const offTeam = events.on('message.captured', () => team.nudge());
  ctx.notifications.seed(await options.archive.query('unreadNotifications', { limit: 100, now: ctx.now() }));
  // Settings rule the supervisor from the start and whenever they change (no restart).
  options.supervisor?.configure(supervisorSettings(ctx.store.settings));
  const unsubscribe = options.supervisor ? forwardSupervisor(ctx, options.supervisor, report, translate) : () => {};
  let closed = false;

  async function run(channel: string, input: unknown): Promise<unknown> {
    if (closed) throw new AppError('CLOSED', 'Switchboard is shutting down.');
    if (!isChannelName(channel)) throw new AppError('UNKNOWN_CHANNEL', `No channel named ${JSON.stringify(channel).slice(0, 80)}.`);
    const parsed = CHANNELS[channel].input.safeParse(input);
    if (!parsed.success) {
      const data = invalidInput(parsed.error);
      throw new AppError(data.code, data.message, data.issues);
    }
    const handler = (handlers as Partial<Record<ChannelName, unknown>>)[channel] as ((args: unknown) => unknown) | undefined;
    if (!handler) throw new AppError('UNSUPPORTED', `${channel} is the team console's; the desktop app does not serve it.`);
    return handler(parsed.data);
  }

  return {
    async handle(channel, input) {
      try {
        return { ok: true, value: await run(channel, input) };
      } catch (err) {
        const error = toErrorData(err);
        if (error.code === 'INTERNAL') report(err, `channel ${channel}`);
        return { ok: false, error };
      }
    },
    async call(channel, input) {
      try {
        return (await run(channel, input)) as never;
      } catch (err) {
        const error = toErrorData(err);
        throw new AppError(error.code, error.message, error.issues);
      }
    },
    on: (event, listener) => events.on(event, listener),
    onAny: (listener) => events.onAny(listener),
    async media(sha256) {
      const info = await ctx.archive.query('mediaInfo', { sha256 });
      const file = info ? openMedia(ctx.paths.media, sha256) : null;
      return info && file ? { size: file.size, mime: info.mime, stream: file.stream } : null;
    },
    requestOpen: (target) => events.emit('app.open', target),
    requestOpenCustomer: (customerId) => events.emit('app.openCustomer', { customerId }),
    settings: () => ctx.store.settings,
    layout: () => ({ layout: ctx.store.layout, slots: ctx.slots }),
    async close() {
      if (closed) return;
      closed = true;
      unsubscribe();
      offTeam();
      events.clear();
      try {
        await workflows.dispose();
        await team.dispose();
        await options.supervisor?.close();
        // after capture stopped: nothing new queues for translation
        await translate.dispose();
        await ctx.translation.close();
      } finally {
        await options.archive.close();
      }
    },
  };
}

/** Supervisor events → contract events; a captured message also updates unread counts and notifications. */
function forwardSupervisor(ctx: CoreContext, supervisor: SupervisorApi, report: (err: unknown, where: string) => void,
  translate: { onCaptured: (m: CapturedMessage) => void; onSynced: (accountId: string) => void }): () => void {
  const { events } = ctx;
  const offs = [
    supervisor.on('state', (e) => events.emit('account.state', e)),
    supervisor.on('qr', (e) => events.emit('account.qr', e)),
    supervisor.on('sync', (e) => events.emit('account.sync', e)),
    supervisor.on('gap', (e) => events.emit('account.gap', e)),
    supervisor.on('captured', (m) => {
      captured(ctx, m).catch((err: unknown) => report(err, 'captured message'));
      translate.onCaptured(m); // in the background: capture never waits for a translator
    }),
    supervisor.on('synced', (e) => translate.onSynced(e.accountId)),
  ];
  return () => offs.forEach((off) => off());
}

async function captured(ctx: CoreContext, m: CapturedMessage): Promise<void> {
  const unread = await unreadOf(ctx, m.accountId, m.chatId);
  // the archive's one rule (not own, not an event, chat neither muted nor archived), the
  // same one that rebuilds the centre after a restart
  const draft = await ctx.archive.query('notificationFor', { accountId: m.accountId, messageId: m.messageId, now: ctx.now() });
  const notification = draft ? ctx.notifications.add(draft) : null;
  ctx.events.emit('message.captured', { ...m, chatUnread: unread.chatUnread, accountUnread: unread.accountUnread, notification });
  if (notification) ctx.events.emit('notifications.changed', { unread: ctx.notifications.unread() });
}
