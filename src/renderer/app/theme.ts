import { useEffect } from 'react';
import { useStore } from '../lib/store';
import { settingsStore } from '../state/settings';

/** Applies the theme setting to <html data-theme>, following the OS when set to "system". */
export function useTheme(): void {
  const theme = useStore(settingsStore, (s) => s?.theme ?? 'system');
  useEffect(() => {
    const media = window.matchMedia('(prefers-color-scheme: dark)');
    const apply = () => {
      document.documentElement.dataset.theme = theme === 'system' ? (media.matches ? 'dark' : 'light') : theme;
    };
    apply();
    media.addEventListener('change', apply);
    return () => media.removeEventListener('change', apply);
  }, [theme]);
}
