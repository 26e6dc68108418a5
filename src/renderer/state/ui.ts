import type { CustomerStage } from '../../shared/crm-views';
import type { ChatKind } from '../../shared/archive-views';
import { createStore } from '../lib/store';

export type Screen = 'live' | 'inbox' | 'customers' | 'team' | 'settings';

export interface OpenChat {
  accountId: string;
  chatId: string;
  /** Scroll to and flash this message (search result, notification, quote). */
  focusMessageId: string | null;
  /** Changes on every jump, so jumping to the same message twice still scrolls. */
  focusNonce: number;
}

export interface ChatFilters {
  accountIds: string[];
  kinds: ChatKind[];
  ownerIds: string[];
  unreadOnly: boolean;
  /** Direct chats whose customer is at one of these stages. */
  stages: CustomerStage[];
}

export type Dialog =
  | { kind: 'addAccount' }
  | { kind: 'renameAccount'; accountId: string }
  | { kind: 'removeAccount'; accountId: string }
  | { kind: 'messageHistory'; accountId: string; messageId: string };

export interface UiState {
  screen: Screen;
  activeAccountId: string | null;
  openChat: OpenChat | null;
  /** The customer shown on the customers screen. */
  customerId: string | null;
  detailsOpen: boolean;
  searchOpen: boolean;
  notificationsOpen: boolean;
  chooserOpen: boolean;
  /** The translator panel beside the live views. */
  translatorOpen: boolean;
  dialog: Dialog | null;
  filters: ChatFilters;
}

export const uiStore = createStore<UiState>({
  screen: 'inbox',
  activeAccountId: null,
  openChat: null,
  customerId: null,
  detailsOpen: false,
  searchOpen: false,
  notificationsOpen: false,
  chooserOpen: false,
  translatorOpen: false,
  dialog: null,
  filters: { accountIds: [], kinds: [], ownerIds: [], unreadOnly: false, stages: [] },
});

export const ui = {
  patch(p: Partial<UiState>): void {
    uiStore.set((s) => ({ ...s, ...p }));
  },
  openChat(accountId: string, chatId: string, focusMessageId: string | null = null): void {
    uiStore.set((s) => ({
      ...s,
      screen: 'inbox',
      searchOpen: false,
      notificationsOpen: false,
      openChat: { accountId, chatId, focusMessageId, focusNonce: (s.openChat?.focusNonce ?? 0) + 1 },
    }));
  },
  /** The customers screen, showing this customer (null: the list only). */
  openCustomer(customerId: string | null): void {
    uiStore.set((s) => ({ ...s, screen: 'customers', searchOpen: false, notificationsOpen: false, customerId: customerId ?? s.customerId }));
  },
  /** Esc: closes the topmost panel; true when something was closed. */
  closeTop(): boolean {
    const s = uiStore.get();
    if (s.dialog) return ui.patch({ dialog: null }), true;
    if (s.searchOpen) return ui.patch({ searchOpen: false }), true;
    if (s.chooserOpen) return ui.patch({ chooserOpen: false }), true;
    if (s.notificationsOpen) return ui.patch({ notificationsOpen: false }), true;
    if (s.detailsOpen) return ui.patch({ detailsOpen: false }), true;
    return false;
  },
  /** True while something covers the live area (native views would hide it). */
  overlayOpen(s: UiState): boolean {
    return !!s.dialog || s.searchOpen || s.notificationsOpen || s.chooserOpen;
  },
};
