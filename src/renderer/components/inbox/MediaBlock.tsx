import { useTranslation } from 'react-i18next';
import type { MessageView } from '../../../shared/archive-views';
import { mediaUrl } from '../../api/client';
import { formatBytes } from '../../lib/format';
import { Icon } from '../ui/icons';

function kindOf(type: string, mime: string | null): 'image' | 'video' | 'audio' | 'file' {
  if (type === 'image' || type === 'sticker' || mime?.startsWith('image/')) return 'image';
  if (type === 'video' || mime?.startsWith('video/')) return 'video';
  if (type === 'audio' || type === 'ptt' || mime?.startsWith('audio/')) return 'audio';
  return 'file';
}

/** Archived media through the media URL (a sha256, nothing else); a note when it was not kept. */
export function MediaBlock({ message }: { message: MessageView }) {
  const { t } = useTranslation();
  const media = message.media;
  if (!media) return null;
  if (media.status !== 'stored' || !media.sha256) {
    return (
      <div className={`media-missing media-${media.status}`}>
        <Icon name={message.type === 'document' ? 'file' : 'image'} size={16} />
        <span>{t(`media.${media.status === 'stored' ? 'failed' : media.status}`)}</span>
      </div>
    );
  }
  const src = mediaUrl(media.sha256);
  const kind = kindOf(message.type, media.mime);
  if (kind === 'image') {
    return (
      <a className={`media-image ${message.type === 'sticker' ? 'is-sticker' : ''}`} href={src} target="_blank" rel="noopener noreferrer">
        <img src={src} alt={media.filename ?? t(`msgType.${message.type === 'sticker' ? 'sticker' : 'image'}`)} loading="lazy" decoding="async" />
      </a>
    );
  }
  if (kind === 'video') return <video className="media-video" src={src} controls preload="metadata" />;
  if (kind === 'audio') return <audio className="media-audio" src={src} controls preload="none" />;
  return (
    <a className="media-file" href={src} download={media.filename ?? undefined} target="_blank" rel="noopener noreferrer">
      <Icon name="file" size={26} />
      <span className="media-file-text">
        <span className="media-file-name" translate="no">{media.filename ?? t('msgType.document')}</span>
        <span className="media-file-meta" translate="no">{[media.size !== null ? formatBytes(media.size) : null, media.mime].filter(Boolean).join(' · ')}</span>
      </span>
    </a>
  );
}
