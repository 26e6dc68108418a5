import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ChatDetail, ContactDetail, ParticipantView } from '../../../shared/archive-views';
import { formatDateTime, formatNumber, formatShort } from '../../lib/format';
import { useChatDetail, useContactDetail } from '../../state/chat-feed';
import { type OpenChat, ui } from '../../state/ui';
import { Avatar } from '../ui/Avatar';
import { Icon } from '../ui/icons';
import { idUser } from '../../../shared/vocabulary';

const who = (p: ParticipantView) => p.name ?? p.phone ?? idUser(p.contactId);

function Participants({ detail }: { detail: ChatDetail }) {
  const { t } = useTranslation();
  const [showAll, setShowAll] = useState(false);
  const members = detail.participants.filter((p) => p.isMember);
  const admins = members.filter((p) => p.role !== 'member');
  const active = [...members].sort((a, b) => b.messages - a.messages || (b.lastActive ?? 0) - (a.lastActive ?? 0));
  const silent = members.filter((p) => p.messages === 0);
  const left = detail.participants.filter((p) => !p.isMember);
  const top = showAll ? active : active.slice(0, 12);
  const max = Math.max(1, ...members.map((p) => p.messages));
  return (
    <>
      <section className="panel-section">
        <h3>{t('details.admins')} <span className="count">{admins.length}</span></h3>
        <ul className="people">
          {admins.map((p) => (
            <li key={p.contactId}>
              <Avatar name={who(p)} seed={p.contactId} size={28} />
              <span className="person-name" translate="no">{who(p)}</span>
              <span className="role-tag">{t(`details.role.${p.role}`)}</span>
            </li>
          ))}
          {admins.length === 0 && <li className="muted">{t('details.none')}</li>}
        </ul>
      </section>
      <section className="panel-section" data-testid="member-activity">
        <h3>{t('details.activity')} <span className="count">{members.length}</span></h3>
        <table className="activity">
          <thead>
            <tr><th>{t('details.member')}</th><th>{t('details.messages')}</th><th>{t('details.lastActive')}</th></tr>
          </thead>
          <tbody>
            {top.map((p) => (
              <tr key={p.contactId}>
                <td>
                  <span className="person-name" translate="no">{who(p)}</span>
                  <span className="bar" style={{ width: `${(p.messages / max) * 100}%` }} />
                </td>
                <td className="num">{formatNumber(p.messages)}</td>
                <td className="muted">{p.lastActive ? formatShort(p.lastActive) : '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {active.length > top.length && (
          <button type="button" className="link-button" onClick={() => setShowAll(true)}>{t('details.showAll', { count: active.length })}</button>
        )}
      </section>
      <section className="panel-section">
        <h3>{t('details.silent')} <span className="count">{silent.length}</span></h3>
        <p className="muted small">{t('details.silentHint')}</p>
        <ul className="people compact">
          {silent.slice(0, 50).map((p) => <li key={p.contactId}><span className="person-name" translate="no">{who(p)}</span></li>)}
        </ul>
      </section>
      {left.length > 0 && (
        <section className="panel-section">
          <h3>{t('details.left')} <span className="count">{left.length}</span></h3>
          <ul className="people compact">
            {left.slice(0, 50).map((p) => (
              <li key={p.contactId}>
                <span className="person-name" translate="no">{who(p)}</span>
                {p.leftAt && <span className="muted small">{formatShort(p.leftAt)}</span>}
              </li>
            ))}
          </ul>
        </section>
      )}
    </>
  );
}

function Community({ detail }: { detail: ChatDetail }) {
  const { t } = useTranslation();
  if (!detail.parent && detail.communityGroups.length === 0) return null;
  return (
    <section className="panel-section">
      <h3>{t('details.community')}</h3>
      {detail.parent && (
        <button type="button" className="list-link" onClick={() => ui.openChat(detail.accountId, detail.parent!.chatId)}>
          <Icon name="users" size={16} /> <span translate="no">{detail.parent.name ?? detail.parent.chatId}</span>
        </button>
      )}
      <ul className="people">
        {detail.communityGroups.map((g) => (
          <li key={g.chatId}>
            <button type="button" className="list-link" onClick={() => ui.openChat(detail.accountId, g.chatId)}>
              <span translate="no">{g.name ?? g.chatId}</span>
              <span className="kind-tag">{t(`kind.${g.kind}`)}</span>
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}

function Contact({ contact }: { contact: ContactDetail }) {
  const { t } = useTranslation();
  return (
    <section className="panel-section">
      <dl className="facts">
        <dt>{t('details.phone')}</dt><dd translate="no">{contact.phone ?? '—'}</dd>
        <dt>{t('details.savedName')}</dt><dd translate="no">{contact.savedName ?? '—'}</dd>
        <dt>{t('details.pushName')}</dt><dd translate="no">{contact.pushName ?? '—'}</dd>
        {contact.isBusiness && <><dt>{t('details.business')}</dt><dd>{t('common.yes')}</dd></>}
      </dl>
      {contact.groups.length > 0 && (
        <>
          <h3>{t('details.commonGroups')} <span className="count">{contact.groups.length}</span></h3>
          <ul className="people">
            {contact.groups.map((g) => (
              <li key={g.chatId}>
                <button type="button" className="list-link" onClick={() => ui.openChat(contact.accountId, g.chatId)}>
                  <span translate="no">{g.name ?? g.chatId}</span>
                  {g.role !== 'member' && <span className="role-tag">{t(`details.role.${g.role}`)}</span>}
                </button>
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}

/** Contact or group details: who is in it, who leads it, who talks and who is silent. */
export function DetailPanel({ chat }: { chat: OpenChat }) {
  const { t } = useTranslation();
  const detail = useChatDetail(chat.accountId, chat.chatId) ?? null;
  const contact = useContactDetail(chat.accountId, detail?.kind === 'direct' ? chat.chatId : null) ?? null;
  const name = detail?.name ?? idUser(chat.chatId);
  const sync = useMemo(() => detail?.sync, [detail]);
  return (
    <aside className="details" aria-label={t('details.title')} data-testid="details-panel">
      <header className="details-header">
        <h2>{t('details.title')}</h2>
        <button type="button" className="icon-button" onClick={() => ui.patch({ detailsOpen: false })} aria-label={t('common.close')}>
          <Icon name="close" />
        </button>
      </header>
      {detail && (
        <div className="details-scroll">
          <div className="details-hero">
            <Avatar name={name ?? '?'} seed={`${chat.accountId}:${chat.chatId}`} size={64} group={detail.kind !== 'direct'} />
            <h3 translate="no">{name}</h3>
            <p className="muted">{t(`kind.${detail.kind}`)} · {t('thread.messages', { count: detail.messageCount })}</p>
          </div>
          {contact && <Contact contact={contact} />}
          <Community detail={detail} />
          {detail.kind !== 'direct' && <Participants detail={detail} />}
          <section className="panel-section">
            <h3>{t('details.archive')}</h3>
            <dl className="facts">
              <dt>{t('details.syncedFrom')}</dt><dd>{sync?.oldestTs ? formatDateTime(sync.oldestTs) : '—'}</dd>
              <dt>{t('details.lastSync')}</dt><dd>{sync?.lastSyncAt ? formatDateTime(sync.lastSyncAt) : '—'}</dd>
              <dt>{t('details.complete')}</dt><dd>{sync?.complete ? t('common.yes') : t('common.no')}</dd>
              <dt>{t('details.gaps')}</dt><dd>{detail.gaps.length}</dd>
            </dl>
          </section>
        </div>
      )}
    </aside>
  );
}
