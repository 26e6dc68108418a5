import { DEFAULT_LAYOUT, type Layout } from '../../shared/layout';
import type { Settings, SettingsPatch } from '../../shared/settings';
import { call, subscribe } from '../api/client';
import { createStore } from '../lib/store';
import { reportError } from './toasts';

export const settingsStore = createStore<Settings | null>(null);
export const layoutStore = createStore<Layout>(DEFAULT_LAYOUT);

export async function loadSettings(): Promise<Settings> {
  const [settings, { layout }] = await Promise.all([call('settings.get', {}), call('layout.get', {})]);
  settingsStore.set(settings);
  layoutStore.set(layout);
  return settings;
}

export function syncSettings(): () => void {
  return subscribe('settings.changed', (s) => settingsStore.set(s));
}

export async function changeSettings(patch: SettingsPatch): Promise<void> {
  try {
    settingsStore.set(await call('settings.set', patch));
  } catch (err) {
    reportError(err);
  }
}

export async function changeLayout(next: Layout): Promise<void> {
  layoutStore.set(next); // optimistic: the tiles follow the pointer without waiting
  try {
    layoutStore.set(await call('layout.set', next));
  } catch (err) {
    reportError(err);
  }
}
