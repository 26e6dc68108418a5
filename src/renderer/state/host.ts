import type { AppInfo, ChannelName } from '../../shared/contract';
import { call } from '../api/client';
import { createStore, useStore } from '../lib/store';

/**
 * Which host this renderer runs in (the desktop app, or the team server's console in a
 * browser) and the channels it serves. The UI offers only what the host can do: a button
 * whose channel the host lacks is not shown at all.
 */
export const hostStore = createStore<AppInfo | null>(null);

export async function loadHost(): Promise<AppInfo> {
  const info = await call('app.info', {});
  hostStore.set(info);
  return info;
}

/** Whether the host serves `channel` (before app.info arrives: nothing is offered). */
export function can(channel: ChannelName): boolean {
  return hostStore.get()?.channels.includes(channel) ?? false;
}

export function useCan(channel: ChannelName): boolean {
  return useStore(hostStore, (h) => h?.channels.includes(channel) ?? false);
}

export const useHost = () => useStore(hostStore, (h) => h);
