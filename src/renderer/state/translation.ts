import { useEffect, useState } from 'react';
import type { ChatTranslatePrefs, HistoryProgressView } from '../../shared/translate-views';
import { call, subscribe, useEvent } from '../api/client';
import { createStore } from '../lib/store';
import { can } from './host';
import { reportError } from './toasts';

export const chatKey = (accountId: string, chatId: string): string => `${accountId}\u0000${chatId}`;

/** The latest history-translation progress per chat (running, or finished and not dismissed yet). */
export const historyStore = createStore<Record<string, HistoryProgressView>>({});

/** Keeps history progress current from translate.history events; returns the unsubscribe. */
export function syncTranslation(): () => void {
  call('translate.historyJobs', {})
    .then((jobs) => historyStore.set((s) => ({ ...Object.fromEntries(jobs.map((j) => [chatKey(j.accountId, j.chatId), j])), ...s })))
    .catch(reportError);
  return subscribe('translate.history', (p) => historyStore.set((s) => ({ ...s, [chatKey(p.accountId, p.chatId)]: p })));
}

/** A job just started: show it at once (its events may already have overtaken this answer). */
export function noteHistory(p: HistoryProgressView): void {
  historyStore.set((s) => (s[chatKey(p.accountId, p.chatId)]?.jobId === p.jobId ? s : { ...s, [chatKey(p.accountId, p.chatId)]: p }));
}

export function dismissHistory(accountId: string, chatId: string): void {
  historyStore.set((s) => {
    const next = { ...s };
    delete next[chatKey(accountId, chatId)];
    return next;
  });
}

/** A chat's translation settings, reloaded whenever they change (here or in another panel). */
export function useChatPrefs(accountId: string | null, chatId: string | null): [ChatTranslatePrefs | null, (p: ChatTranslatePrefs) => void] {
  const [prefs, setPrefs] = useState<ChatTranslatePrefs | null>(null);
  const [nonce, setNonce] = useState(0);
  useEffect(() => {
    if (!accountId || !chatId || !can('translate.prefs')) {
      setPrefs(null);
      return;
    }
    let live = true;
    call('translate.prefs', { accountId, chatId }).then((p) => live && setPrefs(p)).catch(reportError);
    return () => {
      live = false;
    };
  }, [accountId, chatId, nonce]);
  useEvent('translate.prefsChanged', (e) => {
    if (e.accountId === accountId && e.chatId === chatId) setNonce((n) => n + 1);
  });
  return [prefs && prefs.accountId === accountId && prefs.chatId === chatId ? prefs : null, setPrefs];
}
