import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { ChatTranslatePrefs, MessageTranslationView, TranslationFailure } from '../../../shared/translate-views';
import { call, useEvent } from '../../api/client';
import { can } from '../../state/host';
import { reportError } from '../../state/toasts';
import { useChatPrefs } from '../../state/translation';
import { TranslationCache } from './translation-cache';

export interface ThreadTranslations {
  prefs: ChatTranslatePrefs | null;
  /** Wants the stored translations of these messages (the ones near the viewport). */
  ensure: (messageIds: Iterable<string>) => void;
  translationOf: (messageId: string) => MessageTranslationView | undefined;
  failureOf: (messageId: string) => TranslationFailure | undefined;
  retry: (messageId: string) => void;
}

/**
 * A thread's translations into the chat's language (shown under the originals) and its
 * translation failures (a marker with a retry), kept current from Core's events. `onGrow`
 * runs before rows get taller, so the thread can keep a reader at the newest message.
 */
export function useThreadTranslations(accountId: string, chatId: string, onGrow: () => void): ThreadTranslations {
  const [prefs] = useChatPrefs(accountId, chatId);
  const lang = prefs?.effective.targetLang ?? null;
  const [, setVersion] = useState(0);
  const grow = useRef(onGrow);
  useEffect(() => {
    grow.current = onGrow;
  });
  const cache = useMemo(() => (lang ? new TranslationCache(accountId, lang, () => {
    grow.current();
    setVersion((v) => v + 1);
  }, reportError) : null), [accountId, lang]);
  useEffect(() => () => cache?.dispose(), [cache]);
  useEvent('translate.updated', (e) => {
    if (cache && e.accountId === accountId && e.lang === cache.lang) cache.refresh(e.messageIds);
  });

  const [failures, setFailures] = useState<ReadonlyMap<string, TranslationFailure>>(new Map());
  useEffect(() => {
    if (!can('translate.chatStatus')) return;
    let live = true;
    call('translate.chatStatus', { accountId, chatId })
      .then((s) => live && setFailures(new Map(s.failures.map((f) => [f.messageId, f]))))
      .catch(reportError);
    return () => {
      live = false;
    };
  }, [accountId, chatId]);
  useEvent('translate.status', (s) => {
    if (s.accountId !== accountId || s.chatId !== chatId) return;
    grow.current();
    setFailures(new Map(s.failures.map((f) => [f.messageId, f])));
  });

  const retry = useCallback((messageId: string) => {
    if (!lang) return;
    call('translate.messages', { accountId, chatId, messageIds: [messageId], to: lang }).catch(reportError);
  }, [accountId, chatId, lang]);
  const ensure = useCallback((ids: Iterable<string>) => cache?.ensure(ids), [cache]);
  const translationOf = useCallback((id: string) => cache?.get(id), [cache]);
  const failureOf = useCallback((id: string) => {
    const f = failures.get(id);
    return f && f.lang === lang ? f : undefined;
  }, [failures, lang]);
  return { prefs, ensure, translationOf, failureOf, retry };
}
