import type { TFunction } from 'i18next';
import type { ReactNode } from 'react';
import type { ChatListItem } from '../../../shared/archive-views';
import { isLabelledType } from '../../../shared/vocabulary';


/** A message type's word ("[图片]"), for previews and captions; null for plain text. */
export function typeLabel(t: TFunction, type: string): string | null {
  if (type === 'chat') return null;
  return isLabelledType(type) ? t(`msgType.${type}`) : null;
}

/** The chat list's second line: who said what last. */
export function previewOf(t: TFunction, last: ChatListItem['lastMessage'], group: boolean): ReactNode {
  if (!last) return null;
  if (last.revoked) return <em>{t('msg.deletedPreview')}</em>;
  const who = last.fromMe ? t('msg.you') : group && last.senderName ? last.senderName : null;
  const kind = typeLabel(t, last.type);
  return (
    <>
      {who && <span translate={last.fromMe ? undefined : 'no'}>{who}</span>}
      {who && t('msg.sep')}
      {kind && <span className="preview-kind">[{kind}]</span>}
      {last.text && <span translate="no">{kind ? ' ' : ''}{last.text}</span>}
    </>
  );
}
