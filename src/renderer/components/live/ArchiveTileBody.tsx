import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AccountView } from '../../../shared/account-views';
import { call } from '../../api/client';
import { useStore } from '../../lib/store';
import { useAccountChats, useChatTail } from '../../state/chat-feed';
import { changeLayout, layoutStore } from '../../state/settings';
import { Icon } from '../ui/icons';
import { can } from '../../state/host';
import { reportError } from '../../state/toasts';
import { ui } from '../../state/ui';
import { MessageText } from '../inbox/MessageText';

/** Messages a tile shows of its chat. */
const SHOWN = 30;

/**
 * A tile on the team console (no live WhatsApp view there): the account's most recent chat
 * as the archive has it, read-only, following new messages as the rep's PC captures them.
 * Clicking the chat's name opens it in the inbox.
 */
export function ArchiveTileBody({ account }: { account: AccountView }) {
  const { t, i18n } = useTranslation();
  const chats = useAccountChats(account.id);
  const layout = useStore(layoutStore, (l) => l);
  const pinnedId = layout.pinned?.[account.id] ?? null;
  // the pinned chat, else the account's latest
  const chat = (pinnedId ? chats.find((c) => c.chatId === pinnedId) : undefined) ?? chats[0];
  const pin = (chatId: string) => {
    const { [account.id]: _, ...others } = layout.pinned ?? {};
    void changeLayout({ ...layout, pinned: chatId ? { ...others, [account.id]: chatId } : others });
  };
  const tail = useChatTail(account.id, chat?.chatId ?? '', !!chat);
  const listRef = useRef<HTMLOListElement>(null);
  const messages = (tail?.messages ?? []).slice(-SHOWN);
  const newest = messages.at(-1)?.waId;
  useEffect(() => {
    const el = listRef.current;
    if (el) el.scrollTop = el.scrollHeight;
  }, [newest]);
  // translations the reps' PCs stored, in the viewer's language, under the originals
  const lang = i18n.language.startsWith('zh') ? 'zh' : 'en';
  const [translated, setTranslated] = useState<ReadonlyMap<string, string>>(new Map());
  const ids = messages.map((m) => m.waId).join(',');
  useEffect(() => {
    if (!ids || !can('translate.stored')) return;
    let live = true;
    call('translate.stored', { accountId: account.id, messageIds: ids.split(','), lang })
      .then((list) => live && setTranslated(new Map(list.filter((t) => t.provider !== 'none').map((t) => [t.messageId, t.text]))), reportError);
    return () => {
      live = false;
    };
  }, [account.id, ids, lang]);
  if (!chat) return <div className="slot-surface"><p>{t('live.archiveTile.empty')}</p></div>;
  const time = (ms: number) => new Date(ms).toLocaleTimeString(i18n.language, { hour: '2-digit', minute: '2-digit' });
  return (
    <div className="archive-tile" data-testid="archive-tile" data-chat-id={chat.chatId}>
      <div className="archive-tile-chat">
        <select value={pinnedId ?? ''} onChange={(e) => pin(e.target.value)} aria-label={t('live.archiveTile.follow')} data-testid="tile-follow">
          <option value="">{t('live.archiveTile.latest', { name: chats[0]?.name ?? chats[0]?.chatId ?? '' })}</option>
          {chats.map((c) => <option key={c.chatId} value={c.chatId}>{c.name ?? c.chatId}</option>)}
        </select>
        <button type="button" className="icon-button small" onClick={() => ui.openChat(account.id, chat.chatId, null)}
          title={t('live.archiveTile.open')} aria-label={t('live.archiveTile.open')}>
          <Icon name="inbox" size={14} />
        </button>
      </div>
      <ol className="archive-tile-messages" ref={listRef}>
        {messages.map((m) => (
          <li key={m.waId} className={`archive-tile-msg ${m.fromMe ? 'is-mine' : ''}`} data-testid="tile-message">
            <span className="archive-tile-meta">{m.fromMe ? t('live.archiveTile.me') : (m.senderName ?? '')} · {time(m.ts)}</span>
            {m.revoked === 'everyone' && <em className="muted">{t('live.archiveTile.revoked')} </em>}
            {m.text ? <MessageText text={m.text} /> : <span className="muted">{t(`live.archiveTile.media`, { type: m.type })}</span>}
            {translated.has(m.waId) && <MessageText text={translated.get(m.waId)!} className="archive-tile-translation" />}
          </li>
        ))}
      </ol>
    </div>
  );
}
