import { memo } from 'react';
import { Trans, useTranslation } from 'react-i18next';
import type { MessageView } from '../../../shared/archive-views';
import type { MessageTranslationView, TranslationFailure } from '../../../shared/translate-views';
import { dayKey, formatDateTime, formatDay, formatTime } from '../../lib/format';
import { GROUP_SUBTYPES } from '../../lib/message-kinds';
import { idUser, isSystemType } from '../../../shared/vocabulary';
import { ui } from '../../state/ui';
import { hueOf } from '../ui/Avatar';
import { Icon } from '../ui/icons';
import { MediaBlock } from './MediaBlock';
import { MessageText } from './MessageText';
import { MessageTranslation } from './MessageTranslation';
import { typeLabel } from './preview';

const CONTINUATION_MS = 5 * 60_000;

export function isSystem(m: MessageView): boolean {
  return isSystemType(m.type);
}

function vcardName(vcard: string): string | null {
  return /^FN[^:]*:(.*)$/m.exec(vcard)?.[1]?.trim() ?? null;
}

function Ack({ ack }: { ack: number }) {
  const { t } = useTranslation();
  if (ack <= 0) return <span className="ack" title={t('msg.ack.pending')}><Icon name="history" size={13} /></span>;
  return (
    <span className={`ack ${ack >= 3 ? 'is-read' : ''}`} title={t(`msg.ack.${Math.min(ack, 4)}`)}>
      <Icon name={ack >= 2 ? 'checks' : 'check'} size={14} />
    </span>
  );
}

function LocationBlock({ location }: { location: unknown }) {
  const { t } = useTranslation();
  const l = location as { latitude?: number; longitude?: number; name?: string; address?: string } | null;
  if (!l || typeof l.latitude !== 'number' || typeof l.longitude !== 'number') return null;
  const href = `https://www.openstreetmap.org/?mlat=${l.latitude}&mlon=${l.longitude}#map=16/${l.latitude}/${l.longitude}`;
  return (
    <a className="msg-location" href={href} target="_blank" rel="noopener noreferrer">
      <Icon name="pin" size={18} />
      <span>
        <strong translate="no">{l.name ?? t('msgType.location')}</strong>
        {l.address && <span translate="no">{l.address}</span>}
        <span className="muted">{l.latitude.toFixed(5)}, {l.longitude.toFixed(5)}</span>
      </span>
    </a>
  );
}

export interface MessageItemProps {
  message: MessageView;
  prev: MessageView | undefined;
  group: boolean;
  flash: boolean;
  ranges?: ReadonlyArray<readonly [number, number]>;
  /** Its stored translation into the chat's language, shown under the original. */
  translation?: MessageTranslationView | undefined;
  /** Why translating it failed (auto-translate or a retry). */
  failure?: TranslationFailure | undefined;
  onRetryTranslation?: (messageId: string) => void;
}

/** One message row: optional day separator, then a system line or a bubble. */
export const MessageItem = memo(function MessageItem({ message: m, prev, group, flash, translation, failure, onRetryTranslation }: MessageItemProps) {
  const { t } = useTranslation();
  const newDay = !prev || dayKey(prev.ts) !== dayKey(m.ts);
  const separator = newDay ? (
    <div className="day-separator" role="separator"><span>{formatDay(m.ts)}</span></div>
  ) : null;

  if (isSystem(m)) {
    const known = m.subtype && (GROUP_SUBTYPES as readonly string[]).includes(m.subtype);
    return (
      <>
        {separator}
        <div className={`msg-system ${flash ? 'is-flash' : ''}`} data-testid="message" data-wa-id={m.waId}>
          <span>
            {known ? (
              <Trans i18nKey={`gp2.${m.subtype}`} values={{ who: m.fromMe ? t('msg.you') : (m.senderName ?? t('msg.someone')) }}
                components={{ who: <span translate={m.fromMe || !m.senderName ? undefined : 'no'} /> }} />
            ) : null}
            {!known && m.text ? <MessageText text={m.text} /> : null}
            {!known && !m.text ? t('gp2.other') : null}
          </span>
          <time>{formatTime(m.ts)}</time>
        </div>
      </>
    );
  }

  const continuation = !newDay && !!prev && !isSystem(prev) && prev.fromMe === m.fromMe && prev.senderId === m.senderId &&
    m.ts - prev.ts < CONTINUATION_MS;
  const revoked = m.revoked;
  const kind = typeLabel(t, m.type);
  const text = m.text;
  return (
    <>
      {separator}
      <div className={`msg ${m.fromMe ? 'is-out' : 'is-in'} ${continuation ? 'is-continuation' : ''} ${flash ? 'is-flash' : ''}`}
        data-testid="message" data-wa-id={m.waId}>
        <div className={`bubble ${revoked ? 'is-revoked' : ''}`}>
          {group && !m.fromMe && !continuation && (
            <div className="msg-sender" translate="no" style={{ ['--hue' as string]: hueOf(m.senderId ?? '') }}>
              {m.senderName ?? (m.senderId ? idUser(m.senderId) : undefined)}
            </div>
          )}
          {revoked && (
            <div className="msg-flag flag-revoked" data-testid="revoked-flag">
              <Icon name="trash" size={13} /> {t(revoked === 'everyone' ? 'msg.deletedForEveryone' : 'msg.deletedForMe')}
              <span className="muted"> · {t('msg.originalKept')}</span>
            </div>
          )}
          {m.forwarded && (
            <div className="msg-flag flag-forwarded"><Icon name="forward" size={13} /> {t('msg.forwarded')}</div>
          )}
          {m.quoted && (
            <button type="button" className="msg-quote" onClick={() => ui.openChat(m.accountId, m.chatId, m.quoted!.waId)}
              title={t('msg.jumpToQuoted')}>
              <span className="quote-sender" translate="no">{m.quoted.senderName ?? t('msg.someone')}</span>
              <span className="quote-text" translate="no">{m.quoted.text ?? t('msg.quotedUnavailable')}</span>
            </button>
          )}
          <MediaBlock message={m} />
          {m.location !== null && <LocationBlock location={m.location} />}
          {m.vcards.map((v, i) => (
            <div key={i} className="msg-vcard"><Icon name="contact" size={18} /><span translate="no">{vcardName(v) ?? t('msgType.vcard')}</span></div>
          ))}
          {text ? <MessageText text={text} /> : (kind && !m.media && m.location === null && m.vcards.length === 0
            ? <span className="msg-text muted">[{kind}]</span> : null)}
          <div className="msg-meta">
            {m.edited && (
              <button type="button" className="link-button edited" data-testid="edited-flag"
                onClick={() => ui.patch({ dialog: { kind: 'messageHistory', accountId: m.accountId, messageId: m.waId } })}>
                {t('msg.edited')}
              </button>
            )}
            <time dateTime={new Date(m.ts).toISOString()} title={formatDateTime(m.ts)}>{formatTime(m.ts)}</time>
            {m.fromMe && <Ack ack={m.ack} />}
          </div>
          {/* after the time: the original reads as it always does, the translation follows */}
          {text && (translation || failure) && (
            <MessageTranslation messageId={m.waId} translation={translation} failure={failure} onRetry={onRetryTranslation} />
          )}
        </div>
        {m.reactions.length > 0 && (
          <div className="reactions">
            {m.reactions.map((r) => (
              <span key={r.emoji} className="reaction" title={t('msg.reactedBy', { count: r.count })}>
                <span translate="no">{r.emoji}</span>{r.count > 1 && <span className="reaction-count">{r.count}</span>}
              </span>
            ))}
          </div>
        )}
      </div>
    </>
  );
});
