import { Supervisor } from '../core/accounts/supervisor';
import type { Archive } from '../core/archive/archive';
import type { PageHost } from '../core/capture/page-host';

/**
 * The one place main builds the account supervisor (src/core/accounts) on the Electron
 * PageHost. Core applies the user's Settings (hibernation, media cap) to it, at startup
 * and on every change.
 */
export async function createSupervisor(deps: { archive: Archive; pageHost: PageHost; mediaDir: string; log: (msg: string) => void }): Promise<Supervisor> {
  const supervisor = new Supervisor({
    archive: deps.archive,
    pageHost: deps.pageHost,
    mediaDir: deps.mediaDir,
    log: (m) => deps.log(`supervisor: ${m}`),
  });
  await supervisor.ready();
  return supervisor;
}
