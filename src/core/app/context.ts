import type { ChannelArgs, ChannelName, ChannelOutput, DesktopChannelName, PickPurpose } from '../../shared/contract';
import type { SlotRect } from '../../shared/layout';
import type { SupervisorApi } from '../accounts/supervisor-api';
import type { Archive } from '../archive/archive';
import type { KeyProvider } from '../archive/key';
import type { ProfilePaths } from '../archive/profile';
import type { AccountPages } from '../capture/composer-adapter';
import type { TranslationService } from '../translate';
import { AppError } from './app-error';
import type { AppStore } from './app-store';
import { verifyPassphrase } from './admin-passphrase';
import type { EventHub } from './event-hub';
import type { NotificationCentre } from './notification-centre';

/** What every channel handler may use. */
export interface CoreContext {
  archive: Archive;
  paths: ProfilePaths;
  supervisor: SupervisorApi | null;
  events: EventHub;
  notifications: NotificationCentre;
  store: AppStore;
  version: string;
  now: () => number;
  /** The slot rectangles last reported by the renderer. */
  slots: SlotRect[];
  /** Translation for the whole app; owned by Core, closed before the archive. */
  translation: TranslationService;
  /** Scripts in the accounts' live WhatsApp pages (composer insertion); null without live views. */
  pages: AccountPages | null;
  /** The native file dialog (Electron); null where there is none. */
  pickPath: ((purpose: PickPurpose) => Promise<string | null>) | null;
  /** The archive's key provider (copies of the profile are opened with it). */
  keys: KeyProvider;
  /** Switches the app to another profile folder and restarts it (Electron); null where it cannot. */
  relocateProfile: ((dir: string) => Promise<void>) | null;
}

export type Handler<C extends ChannelName> = (args: ChannelArgs<C>) => Promise<ChannelOutput<C>> | ChannelOutput<C>;
/** The desktop serves every channel except the team console's own. */
export type HandlerMap = { [C in DesktopChannelName]: Handler<C> };

export function requireSupervisor(ctx: CoreContext): SupervisorApi {
  if (!ctx.supervisor) {
    throw new AppError('SUPERVISOR_UNAVAILABLE',
      'This window shows an archive only; accounts cannot be started or changed here. Open the profile in the app to manage accounts.');
  }
  return ctx.supervisor;
}

/** Checks the admin passphrase and records the action in the audit log before it runs. */
export async function authorizeAdmin(ctx: CoreContext, passphrase: string, action: string, target: string | null,
  detail: Record<string, unknown> = {}): Promise<void> {
  const stored = ctx.store.passphrase;
  if (!stored) {
    throw new AppError('ADMIN_PASSPHRASE_NOT_SET', 'No admin passphrase is set. Set one in Settings → Admin first.');
  }
  if (!(await verifyPassphrase(passphrase, stored))) {
    throw new AppError('ADMIN_PASSPHRASE_WRONG', 'The admin passphrase is wrong. Nothing was changed.');
  }
  await ctx.archive.write([{ op: 'audit', actor: 'admin', action, target, detail }]);
}
