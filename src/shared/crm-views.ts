import { z } from 'zod';
import type { MessageView } from './archive-views';
import type { CustomerFields } from './customer-fields';

/**
 * Customers, handover and team analytics as every layer sees them: the archive's CRM and
 * analytics queries produce these shapes, the IPC contract carries them, the renderer
 * shows them. Plain JSON data only.
 */

/** The sales pipeline: 询盘 inquiry → 报价 quote → 样品 sample → PI → 订单 order, or lost. */
export const CUSTOMER_STAGES = ['inquiry', 'quote', 'sample', 'pi', 'order', 'lost'] as const;
export const CustomerStage = z.enum(CUSTOMER_STAGES);
export type CustomerStage = z.infer<typeof CustomerStage>;

/** A direct chat of one account that belongs to a customer. */
export interface CustomerMember {
  accountId: string;
  accountLabel: string;
  /** The account's owner (rep), if any. */
  ownerId: string | null;
  ownerName: string | null;
  /** The chat id, which is also the contact id of a direct chat. */
  contactId: string;
  phone: string | null;
  /** The contact's saved name, else push name. */
  contactName: string | null;
  /** How the chat joined the customer: its phone number, or a manual link. */
  via: 'phone' | 'link' | 'contact';
  lastMessageTs: number | null;
  messages: number;
}


export interface CustomerListItem extends CustomerFields {
  customerId: string;
  /** Name to show: the CRM name, else a contact's name, else the phone. */
  displayName: string;
  phones: string[];
  tags: string[];
  /** The explicit owner, else the single owner of every member account. */
  effectiveOwnerId: string | null;
  effectiveOwnerName: string | null;
  accountIds: string[];
  lastMessageTs: number | null;
  openFollowUps: number;
  /** Earliest due time of an open follow-up. */
  nextDueAt: number | null;
  /** Reps (account owners) who talked to this customer recently: two or more means 撞单. */
  conflict: boolean;
}

export interface CustomerNote {
  noteId: string;
  customerId: string;
  authorId: string | null;
  authorName: string | null;
  body: string;
  at: number;
}

export interface FollowUp {
  followUpId: string;
  customerId: string;
  text: string | null;
  dueAt: number | null;
  assigneeId: string | null;
  assigneeName: string | null;
  done: boolean;
  doneAt: number | null;
  createdAt: number;
}

export interface StageEvent {
  customerId: string;
  stage: CustomerStage;
  at: number;
  byId: string | null;
  byName: string | null;
}

export interface CustomerDetail extends CustomerListItem {
  /** Every customer id shown as this one (itself and those merged into it). */
  mergedIds: string[];
  members: CustomerMember[];
  notes: CustomerNote[];
  followUps: FollowUp[];
  stageHistory: StageEvent[];
  /** Reps whose accounts talked to this customer within the conflict window. */
  reps: Array<{ ownerId: string; ownerName: string | null; accountIds: string[]; lastMessageTs: number }>;
}

export type TimelineItem =
  | { kind: 'message'; at: number; message: MessageView; accountLabel: string }
  | { kind: 'note'; at: number; note: CustomerNote }
  | { kind: 'stage'; at: number; event: StageEvent };

export interface TimelinePage {
  items: TimelineItem[];
  /** Cursor for the next (older) page, or null at the beginning. */
  before: number | null;
}

/** 撞单: two or more reps' accounts talking to the same customer. */
export interface CustomerConflict {
  customerId: string;
  displayName: string;
  reps: CustomerDetail['reps'];
}

export interface HandoverReport {
  fromId: string;
  fromName: string | null;
  toId: string;
  toName: string | null;
  at: number;
  accounts: Array<{ accountId: string; label: string }>;
  customers: Array<{ customerId: string; displayName: string; stage: CustomerStage | null; lastMessageTs: number | null }>;
  openFollowUps: Array<{ followUpId: string; customerId: string; text: string | null; dueAt: number | null }>;
  /** The latest messages of each handed-over customer (newest first, a few per customer). */
  lastMessages: Array<{ customerId: string; accountId: string; chatId: string; ts: number; fromMe: boolean; text: string | null }>;
}

// ---------------------------------------------------------------- team analytics

export interface ResponseStats {
  /** Inbound turns answered in the range. */
  answered: number;
  /** Inbound turns not answered (yet). */
  unanswered: number;
  avgMs: number | null;
  medianMs: number | null;
  p90Ms: number | null;
}

export interface AccountActivity extends ResponseStats {
  accountId: string;
  label: string;
  ownerId: string | null;
  ownerName: string | null;
  messagesIn: number;
  messagesOut: number;
  /** Chats whose last message is from the customer and older than the threshold. */
  waitingChats: number;
}

export interface RepActivity extends ResponseStats {
  ownerId: string | null;
  ownerName: string | null;
  accountIds: string[];
  messagesIn: number;
  messagesOut: number;
  waitingChats: number;
}

export interface DailyCount {
  /** YYYY-MM-DD in the asked time offset. */
  day: string;
  accountId: string;
  in: number;
  out: number;
}

export interface WaitingChat {
  accountId: string;
  accountLabel: string;
  chatId: string;
  name: string | null;
  /** Time of the first unanswered customer message. */
  waitingSince: number;
  lastMessageTs: number;
}

export interface TeamActivity {
  from: number;
  to: number;
  accounts: AccountActivity[];
  reps: RepActivity[];
  daily: DailyCount[];
  waiting: WaitingChat[];
}

export interface MemberActivity {
  contactId: string;
  name: string | null;
  role: 'member' | 'admin' | 'superadmin';
  isMember: boolean;
  messages: number;
  lastActive: number | null;
  /** Messages per bucket, aligned with GroupActivity.buckets. */
  perBucket: number[];
}

export interface GroupActivity {
  accountId: string;
  chatId: string;
  name: string | null;
  kind: string;
  /** For a community: its groups; for a group: itself. */
  chatIds: string[];
  members: number;
  admins: number;
  /** Start of each bucket (Unix ms). */
  buckets: number[];
  messagesPerBucket: number[];
  people: MemberActivity[];
  /** Members with no message in the range. */
  silent: number;
}

// ---------------------------------------------------------------- local time, exports and imports

export interface LocalTime {
  /** HH:mm in the customer's zone. */
  time: string;
  /** YYYY-MM-DD in the customer's zone. */
  date: string;
  /** Minutes east of UTC at that instant (DST included). */
  offsetMinutes: number;
  /** 0 = Sunday. */
  weekday: number;
  /** 08:00–20:00 on a weekday, roughly when a buyer answers. */
  workingHours: boolean;
}

export interface CustomerView extends CustomerDetail {
  /** The customer's time now, when a time zone is set. */
  localTime: LocalTime | null;
}

export const EXPORT_FORMATS = ['html', 'pdf', 'csv', 'json'] as const;

/** Which part of a WhatsApp export's dates is the day, the month and the year. */
export const DATE_ORDERS = ['dmy', 'mdy', 'ymd'] as const;
export type DateOrder = (typeof DATE_ORDERS)[number];

export interface WhatsAppExportPreview {
  messages: number;
  /** One when the file decides its date order; several when the user must pick. */
  orders: DateOrder[];
  /** The first messages under each possible order, dated by the phone's wall clock (read as UTC). */
  readings: Array<{ order: DateOrder; first: Array<{ wallClock: number; author: string | null; text: string }> }>;
}
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export type ExchangeJobKind = 'exportChats' | 'exportBundle' | 'importBundle' | 'importWhatsApp';

/** Progress of a long export or import (a job), pushed to the renderer. */
export interface ExchangeProgress {
  jobId: string;
  kind: ExchangeJobKind;
  phase: 'prepare' | 'messages' | 'finish';
  done: number;
  total: number;
}

/** A job ended: its files (exports), counts (imports), or the error it met. */
export interface ExchangeDone {
  jobId: string;
  kind: ExchangeJobKind;
  ok: boolean;
  files: string[];
  folder: string | null;
  messages: number;
  error: { code: string; message: string } | null;
}
