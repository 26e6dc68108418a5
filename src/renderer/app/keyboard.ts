import { useEffect } from 'react';
import { showAccountAt, toggleTiles } from '../state/navigation';
import { ui, uiStore } from '../state/ui';

/** Ctrl+1…9 switch account, Ctrl+K search, Ctrl+T tiles, Esc closes the topmost panel. */
export function useKeyboard(): void {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const mod = e.ctrlKey || e.metaKey;
      if (e.key === 'Escape') {
        if (ui.closeTop()) e.preventDefault();
        return;
      }
      if (!mod || e.altKey || e.shiftKey) return;
      const key = e.key.toLowerCase();
      if (key === 'k') {
        e.preventDefault();
        ui.patch({ searchOpen: !uiStore.get().searchOpen });
      } else if (key === 't') {
        e.preventDefault();
        toggleTiles();
      } else if (/^[1-9]$/.test(e.key)) {
        e.preventDefault();
        showAccountAt(Number(e.key) - 1);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}
