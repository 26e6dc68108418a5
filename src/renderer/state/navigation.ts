import type { AccountView } from '../../shared/account-views';
import { ARCHIVE_ONLY_STATES } from '../../shared/account-state';
import { MAX_TILES, type TileMode } from '../../shared/layout';
import { accountsStore } from './accounts';
import { hostStore } from './host';
import { changeLayout, layoutStore } from './settings';
import { ui, uiStore } from './ui';

/** Show an account: live when it can be, else its archive (banned / logged-out accounts, or a host without live views). */
export function showAccount(a: AccountView): void {
  if (ARCHIVE_ONLY_STATES.includes(a.state) || hostStore.get()?.host !== 'desktop') {
    ui.patch({ activeAccountId: a.id, screen: 'inbox', filters: { ...uiStore.get().filters, accountIds: [a.id] } });
    return;
  }
  ui.patch({ activeAccountId: a.id, screen: 'live' });
  const layout = layoutStore.get();
  if (layout.mode !== 'single' && !layout.accountIds.includes(a.id)) void changeLayout({ ...layout, mode: 'single' });
}

/** Ctrl+1…9. */
export function showAccountAt(index: number): void {
  const a = accountsStore.get().list[index];
  if (a) showAccount(a);
}

let lastTileMode: Exclude<TileMode, 'single'> = 'auto';

/** Ctrl+T: one account ⇄ tiles (the chosen accounts, or the first few when none are chosen). */
export function toggleTiles(): void {
  const layout = layoutStore.get();
  ui.patch({ screen: 'live' });
  if (layout.mode !== 'single') {
    lastTileMode = layout.mode;
    void changeLayout({ ...layout, mode: 'single' });
    return;
  }
  const accountIds = layout.accountIds.length > 0
    ? layout.accountIds
    : accountsStore.get().list.filter((a) => !ARCHIVE_ONLY_STATES.includes(a.state)).slice(0, 4).map((a) => a.id);
  void changeLayout({ ...layout, mode: lastTileMode, accountIds: accountIds.slice(0, MAX_TILES) });
}

export function setTileMode(mode: TileMode): void {
  const layout = layoutStore.get();
  if (mode !== 'single') lastTileMode = mode;
  let accountIds = layout.accountIds;
  if (mode !== 'single' && accountIds.length === 0) {
    accountIds = accountsStore.get().list.filter((a) => !ARCHIVE_ONLY_STATES.includes(a.state)).slice(0, MAX_TILES).map((a) => a.id);
  }
  void changeLayout({ ...layout, mode, accountIds, colSizes: [], rowSizes: [] });
}
