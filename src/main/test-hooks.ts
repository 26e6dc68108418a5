import { session } from 'electron';
import type { Core } from '../core/app';
import type { ViewPlan } from './policy/layout';
import type { NotificationTarget, NotifyDecision } from './policy/notifications';
import type { RuntimeConfig } from './policy/runtime-config';
import type { NotificationRouter } from './notifications/notification-router';
import type { AccountViews } from './views/account-views';
import type { Placement } from './views/placement';

/** The name Playwright's `electronApp.evaluate` finds the hooks under (tests/electron). */
export const TEST_HOOKS_KEY = '__switchboardTest';

export interface ViewInfo {
  accountId: string;
  webContentsId: number;
  partition: string | null;
  url: string;
  visible: boolean;
  bounds: { x: number; y: number; width: number; height: number };
  storagePath: string | null;
}

/**
 * What the Electron end-to-end tests may inspect and trigger in main. Installed only when
 * SWITCHBOARD_TEST_HOOKS is set in an unpackaged run (policy/runtime-config.ts strips it
 * from packaged builds), so a shipped app has no such global.
 */
export interface TestHooks {
  config: Pick<RuntimeConfig, 'packaged' | 'waUrl' | 'testHooks'>;
  views(): ViewInfo[];
  plan(): ViewPlan;
  cookies(accountId: string): Promise<Array<{ name: string; domain: string; value: string }>>;
  notificationsShown(): Array<Extract<NotifyDecision, { show: true }>>;
  clickNotification(target: NotificationTarget): void;
  invoke(channel: string, input: unknown): Promise<unknown>;
}

export function installTestHooks(deps: {
  config: RuntimeConfig;
  core: Core;
  views: AccountViews;
  placement: Placement;
  notifications: NotificationRouter;
  shown: Array<Extract<NotifyDecision, { show: true }>>;
}): void {
  const hooks: TestHooks = {
    config: { packaged: deps.config.packaged, waUrl: deps.config.waUrl, testHooks: deps.config.testHooks },
    views: () =>
      deps.views.liveAccounts().map((accountId) => {
        const view = deps.views.get(accountId)!;
        const partition = deps.views.partitionOf(accountId);
        return {
          accountId,
          webContentsId: view.webContents.id,
          partition,
          url: view.webContents.getURL(),
          visible: deps.views.isVisible(accountId),
          bounds: view.getBounds(),
          storagePath: partition ? session.fromPartition(partition).getStoragePath() : null,
        };
      }),
    plan: () => deps.placement.plan,
    cookies: async (accountId) => {
      const partition = deps.views.partitionOf(accountId);
      if (!partition) return [];
      const all = await session.fromPartition(partition).cookies.get({});
      return all.map((c) => ({ name: c.name, domain: c.domain ?? '', value: c.value }));
    },
    notificationsShown: () => [...deps.shown],
    clickNotification: (target) => deps.notifications.open(target, null),
    invoke: (channel, input) => deps.core.handle(channel, input),
  };
  (globalThis as Record<string, unknown>)[TEST_HOOKS_KEY] = hooks;
}
