import { groupActivity, teamActivity } from './analytics';
import { accounts, auditLog, gaps, people, settings, stats, verify } from './admin';
import { chatDetail, chatList, chatSyncState, contactDetail } from './chats';
import {
  customerChats, customerConflicts, customerDetail, customerList, customerOfChat, customersOfAccounts, customerTimeline, followUpsDue,
  openFollowUps,
} from './customers';
import {
  bundleAccounts, bundleChats, bundleCrm, bundleMessageCount, bundleMessages, bundlePeople, exportChats, exportMessages, importCandidates,
  importPeople,
} from './exchange';
import { mediaFilesAfter, mediaInfo, pendingMedia } from './media';
import { messageDetail, thread } from './messages';
import { messageHighWater, outboxBatches, outboxPayload, replicationStatus } from './outbox';
import { search } from './search';
import { threadSlice } from './thread-slice';
import {
  contactLanguages, contactSampleTexts, messageTranslations, translatePrefs, translationCacheGet, translationProgress, untranslatedMessages,
} from './translations';
import { chatUnread, notificationFor, unreadByAccount, unreadNotifications, unreadUntranslated } from './unread';

/**
 * Every read the archive serves (Signal's Interface pattern): plain `(db, args)` functions,
 * run in the reader thread; `Archive.query(name, args)` is typed from this table.
 */
export const QUERIES = {
  accounts,
  outboxBatches,
  outboxPayload,
  replicationStatus,
  messageHighWater,
  people,
  chatList,
  chatDetail,
  chatSyncState,
  contactDetail,
  thread,
  threadSlice,
  messageDetail,
  search,
  unreadByAccount,
  unreadNotifications,
  notificationFor,
  unreadUntranslated,
  chatUnread,
  mediaFilesAfter,
  mediaInfo,
  pendingMedia,
  stats,
  gaps,
  auditLog,
  settings,
  verify,
  // translations (issue 7)
  translationCacheGet,
  messageTranslations,
  untranslatedMessages,
  translationProgress,
  translatePrefs,
  contactLanguages,
  contactSampleTexts,
  // customers (issue 6)
  customerList,
  customerDetail,
  customerOfChat,
  customerTimeline,
  customerConflicts,
  followUpsDue,
  openFollowUps,
  customersOfAccounts,
  customerChats,
  // bundles (issue 6)
  bundleAccounts,
  bundlePeople,
  bundleChats,
  bundleMessages,
  bundleMessageCount,
  bundleCrm,
  // exports (issue 6)
  exportChats,
  exportMessages,
  importCandidates,
  importPeople,
  // team analytics (issue 6)
  teamActivity,
  groupActivity,
} as const;

export type Queries = typeof QUERIES;
export type QueryName = keyof Queries;
