import type { CapturedMessage } from '../../../shared/account-views';
import {
  type ChatTranslatePrefs, type HistoryProgressView, type ProviderView,
  type TranslationFailure,
} from '../../../shared/translate-views';
import { insertIntoComposer } from '../../capture/composer-adapter';
import { type IncomingTranslation, ProviderSettings, contactOfChat } from '../../translate';
import { PROVIDER_IDS } from '../../../shared/translation-providers';
import { AppError } from '../app-error';
import { AutoTranslator, TranslationFailures } from '../auto-translate';
import type { CoreContext, HandlerMap } from '../context';

type TranslateChannel = Extract<keyof HandlerMap, `translate.${string}`>;
type TranslateHandlers = Pick<HandlerMap, TranslateChannel>;

function directContact(chatId: string): string {
  const contact = contactOfChat(chatId);
  if (!contact) throw new AppError('INVALID_INPUT', 'Only a direct chat has a contact language or contact settings; use the chat setting for groups.');
  return contact;
}

/** Drops keys whose value is undefined (zod optional fields), so they do not overwrite stored settings. */
function defined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/**
 * The translation channels (issue 7) over Core's TranslationService, plus auto-translate of
 * captured messages. Service events become contract events: translate.updated (stored
 * translations), translate.history (job progress), translate.status (failures).
 */
export function translateHandlers(ctx: CoreContext, report: (err: unknown, where: string) => void): {
  handlers: TranslateHandlers;
  onCaptured: (m: CapturedMessage) => void;
  /** Capture finished syncing an account: translate what arrived while it was away. */
  onSynced: (accountId: string) => void;
  dispose: () => Promise<void>;
} {
  const svc = ctx.translation;
  const failures = new TranslationFailures(ctx);
  const auto = new AutoTranslator(ctx, failures, report);
  const onWritten = (e: { accountId: string; lang: string; messageIds: string[] }) => ctx.events.emit('translate.updated', e);
  const onHistory = (p: HistoryProgressView) => ctx.events.emit('translate.history', p);
  svc.on('translations', onWritten);
  svc.on('history-progress', onHistory);

  async function prefsView(accountId: string, chatId: string): Promise<ChatTranslatePrefs> {
    const [p, d] = await Promise.all([svc.prefs(accountId, chatId, contactOfChat(chatId)), svc.defaults()]);
    return {
      accountId, chatId, chat: p.chat, contact: p.contact,
      effective: { autoTranslate: p.effective.autoTranslate, targetLang: p.effective.targetLang ?? d.targetLang },
      contactLanguage: p.contactLanguage,
    };
  }

  const prefsChanged = async (accountId: string, chatId: string) => {
    ctx.events.emit('translate.prefsChanged', { accountId, chatId });
    return prefsView(accountId, chatId);
  };

  async function providers(): Promise<ProviderView[]> {
    const stored = await svc.providerSettings();
    const fresh = PROVIDER_IDS.filter((id) => !stored.some((s) => s.id === id))
      .map((id): ProviderView => ({ ...ProviderSettings.parse({ id }), enabled: false, hasKey: false, configured: false }));
    return [...stored.map((s): ProviderView => ({ ...s, configured: true })), ...fresh];
  }

  const handlers: TranslateHandlers = {
    'translate.providers': () => providers(),
    'translate.providerStatus': async ({ id }) => (await svc.providerStatus())
      .filter((s) => !id || s.settings.id === id)
      .map((s) => ({ id: s.settings.id, hasKey: s.hasKey, offline: s.offline, health: s.health })),
    'translate.configureProvider': async ({ settings, apiKey }) => {
      const current = (await svc.providerSettings()).find((s) => s.id === settings.id);
      const { hasKey: _hasKey, ...base } = current ?? { hasKey: false };
      // A patch over what is stored: fields the form did not send keep their values.
      await svc.configureProvider({ ...base, ...defined(settings) } as ProviderSettings, apiKey);
      return providers();
    },
    'translate.glossary': () => svc.glossary(),
    'translate.setGlossary': (g) => svc.setGlossary(g),
    'translate.defaults': () => svc.defaults(),
    'translate.setDefaults': (d) => svc.setDefaults(d),

    'translate.prefs': ({ accountId, chatId }) => prefsView(accountId, chatId),
    'translate.setPrefs': async ({ accountId, chatId, scope, autoTranslate, targetLang }) => {
      const target = scope === 'chat' ? chatId : directContact(chatId);
      const now = await svc.prefs(accountId, chatId, contactOfChat(chatId));
      const current = scope === 'chat' ? now.chat : now.contact!;
      await svc.setAutoTranslate({
        accountId, scope, id: target,
        enabled: autoTranslate !== undefined ? autoTranslate : current.autoTranslate,
        ...(targetLang !== undefined ? { targetLang } : {}),
      });
      return prefsChanged(accountId, chatId);
    },
    'translate.setContactLanguage': async ({ accountId, chatId, language }) => {
      await svc.setContactLanguage({ accountId, contactId: directContact(chatId), language });
      return prefsChanged(accountId, chatId);
    },
    'translate.detectLanguage': async ({ accountId, chatId }) => {
      await svc.detectContactLanguage(accountId, directContact(chatId));
      return prefsChanged(accountId, chatId);
    },

    'translate.messages': async ({ accountId, chatId, messageIds, to }) => {
      const lang = to ?? (await prefsView(accountId, chatId)).effective.targetLang;
      const details = await Promise.all(messageIds.map((messageId) => ctx.archive.query('messageDetail', { accountId, messageId })));
      const messages = details.flatMap((d) => (d && d.message.chatId === chatId && d.message.text
        ? [{ id: d.message.waId, text: d.message.text, senderId: d.message.senderId }] : []));
      if (messages.length === 0) return { translated: [], failures: [] };
      const results = await svc.translateMessages({ accountId, messages, to: lang });
      const outcomes: IncomingTranslation[] = results.map((result, i) => ({ messageId: messages[i]!.id, chatId, lang: result.to, result }));
      failures.record(accountId, outcomes);
      const failed = new Set(outcomes.filter((o) => !o.result.ok).map((o) => o.messageId));
      return {
        translated: outcomes.filter((o) => o.result.ok).map((o) => o.messageId),
        failures: failures.status(accountId, chatId).failures.filter((f: TranslationFailure) => failed.has(f.messageId)),
      };
    },
    'translate.stored': ({ accountId, messageIds, lang }) => svc.messageTranslations(accountId, messageIds, lang),
    'translate.chatStatus': ({ accountId, chatId }) => failures.status(accountId, chatId),
    'translate.compose': ({ text, to, from, provider }) =>
      svc.composeTranslate({ text, to, ...(from ? { from } : {}), ...(provider ? { provider } : {}) }),
    'translate.insert': async ({ accountId, chatId, text }) => {
      if (ctx.store.layout.review) return { ok: false, reason: 'REVIEW_MODE', adapter: null, detail: null };
      if (!ctx.pages) return { ok: false, reason: 'NOT_LIVE', adapter: null, detail: null };
      return insertIntoComposer(ctx.pages, accountId, chatId, text);
    },

    'translate.historyStart': async ({ accountId, chatId, to, incomingOnly }) => {
      const lang = to ?? (await prefsView(accountId, chatId)).effective.targetLang;
      return svc.translateHistory({ accountId, chatId, to: lang, ...(incomingOnly !== undefined ? { incomingOnly } : {}) }).progress();
    },
    'translate.historyCancel': ({ jobId }) => {
      const job = svc.historyJobs().find((j) => j.id === jobId);
      if (!job) throw new AppError('NOT_FOUND', 'That history translation has already finished.');
      job.cancel();
    },
    'translate.historyJobs': () => svc.historyJobs().map((j) => j.progress()),
  };

  return {
    handlers,
    onCaptured: (m) => auto.push(m),
    onSynced: (accountId) => void auto.catchUp(accountId).catch((err: unknown) => report(err, 'auto-translate catch-up')),
    async dispose() {
      await auto.close();
      svc.off('translations', onWritten);
      svc.off('history-progress', onHistory);
    },
  };
}
