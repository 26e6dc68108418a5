import { AppStore } from '../core/app/app-store';
import { Supervisor } from '../core/accounts/supervisor';
import type { Archive } from '../core/archive/archive';
import type { PageHost } from '../core/capture/page-host';
import { supervisorHibernation } from './policy/hibernation';

/**
 * The one place main builds the account supervisor (src/core/accounts) on the Electron
 * PageHost, with the user's hibernation settings as they are at startup (a change in
 * Settings applies from the next start).
 */
export async function createSupervisor(deps: { archive: Archive; pageHost: PageHost; mediaDir: string; log: (msg: string) => void }): Promise<Supervisor> {
  const { settings } = await AppStore.load(deps.archive);
  const supervisor = new Supervisor({
    archive: deps.archive,
    pageHost: deps.pageHost,
    mediaDir: deps.mediaDir,
    log: (m) => deps.log(`supervisor: ${m}`),
    hibernation: supervisorHibernation(settings.hibernation),
  });
  await supervisor.ready();
  return supervisor;
}
