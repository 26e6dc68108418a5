import { useTranslation } from 'react-i18next';
import { useStore } from '../../lib/store';
import { useCan } from '../../state/host';
import { uiStore } from '../../state/ui';
import { DetailPanel } from '../details/DetailPanel';
import { Icon } from '../ui/icons';
import { ChatList } from './ChatList';
import { Thread } from './Thread';

export function Inbox() {
  const { t } = useTranslation();
  const chat = useStore(uiStore, (s) => s.openChat);
  const canDetails = useCan('archive.contactDetail');
  const details = useStore(uiStore, (s) => s.detailsOpen) && canDetails;
  return (
    <div className={`inbox ${details && chat ? 'with-details' : ''}`}>
      <ChatList />
      {chat ? (
        <Thread key={`${chat.accountId}\u0000${chat.chatId}`} chat={chat} />
      ) : (
        <div className="empty-state thread-empty">
          <Icon name="inbox" size={44} />
          <h2>{t('inbox.pickTitle')}</h2>
          <p>{t('inbox.pickHint')}</p>
        </div>
      )}
      {chat && details && <DetailPanel chat={chat} />}
    </div>
  );
}
