import type { TFunction } from 'i18next';
import type { ReplicationState } from '../../../shared/team-views';
import { formatDateTime, formatNumber } from '../../lib/format';

/** One line for where replication stands: the rail and Settings → Team say the same thing. */
export function teamStateText(t: TFunction, r: ReplicationState): string {
  switch (r.state) {
    case 'synced': return t('teamServer.state.synced');
    case 'pending': return t('teamServer.state.pending', { count: r.pendingOps, n: formatNumber(r.pendingOps) });
    case 'uploading': return t('teamServer.state.uploading', { done: formatNumber(r.done), total: formatNumber(r.total) });
    case 'media': return t('teamServer.state.media', { count: r.pending, n: formatNumber(r.pending) });
    case 'unreachable': return t('teamServer.state.unreachable', { since: formatDateTime(r.since), n: formatNumber(r.pendingOps) });
    case 'revoked': return t('teamServer.state.revoked');
    case 'stopped': return t('teamServer.state.starting');
  }
}
