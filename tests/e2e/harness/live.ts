import { Supervisor } from '../../../src/core/accounts/supervisor';
import type { Archive } from '../../../src/core/archive/archive';
import type { ProfilePaths } from '../../../src/core/archive/profile';
import { ChromiumPageHost } from '../../../src/core/capture/chromium-page-host';
import { WaSim } from '../../wa-sim/server';
import { type AppHarness, expect } from './fixtures';

/**
 * What journeys with live accounts share: the WhatsApp Web simulator, a ChromiumPageHost
 * and the real Supervisor behind the app, torn down in order, and no console error allowed.
 */
export interface LiveWorld {
  sim: WaSim;
  host: ChromiumPageHost;
  /** Pass as startApp's `supervisor`. */
  supervisor: (archive: Archive, paths: ProfilePaths) => Promise<Supervisor>;
  /** The supervisor once the app has built it. */
  current(): Supervisor | null;
  /** Closes the app, the page host and the simulator, then fails on any console error the app saw. */
  close(app: (AppHarness & { close(): Promise<void> }) | null): Promise<void>;
}

export async function startLiveWorld(): Promise<LiveWorld> {
  const sim = await WaSim.start();
  const host = new ChromiumPageHost({ waUrl: sim.url, isolation: 'context' });
  let supervisor: Supervisor | null = null;
  return {
    sim,
    host,
    supervisor: async (archive, paths) => {
      supervisor = new Supervisor({
        archive, pageHost: host, mediaDir: paths.media, log: () => {},
        hibernation: { idleMs: null, sweepEveryMs: null },
      });
      await supervisor.ready();
      return supervisor;
    },
    current: () => supervisor,
    async close(app) {
      const errors = [...(app?.errors ?? [])];
      await app?.close();
      await host.close();
      await sim.close();
      expect(errors, 'console errors, page errors or dialogs during the test').toEqual([]);
    },
  };
}
