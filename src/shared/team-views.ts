/**
 * The team server (issue 12) as the desktop app shows it: whether this profile is enrolled,
 * in which server, and how replication stands.
 */

/** Where replication stands: what the rail and Settings → Team show. */
export type ReplicationState =
  | { state: 'synced'; at: number }
  | { state: 'pending'; pendingOps: number; pendingBatches: number }
  | { state: 'uploading'; done: number; total: number }
  /** Media files the server lacks, being sent (after the messages). */
  | { state: 'media'; pending: number }
  | { state: 'unreachable'; since: number; error: string; pendingOps: number }
  | { state: 'revoked'; message: string }
  | { state: 'stopped' };

export interface TeamEnrollmentView {
  serverUrl: string;
  deviceId: string;
  deviceName: string;
  /** SHA-256 of the pinned certificate; null for plain http on this machine. */
  fingerprint: string | null;
  enrolledAt: number;
}

export interface TeamStatusView {
  enrollment: TeamEnrollmentView | null;
  replication: ReplicationState;
}

/** What the user compares before enrolling. */
export interface TeamServerPreview {
  https: boolean;
  /** SHA-256 of the server's certificate, to compare with what IT gave; null for plain http on this machine. */
  fingerprint: string | null;
}

/** A PC as the lead's team overview shows it: what it last told the server. */
export interface TeamDeviceStatus {
  id: string;
  name: string;
  appVersion: string | null;
  enrolledAt: number;
  lastSeenAt: number | null;
  revokedAt: number | null;
  /** Heard from within TEAM_ONLINE_MS. */
  online: boolean;
  /** Operations it still had to send when last heard from. */
  pendingOps: number | null;
  /** Its history upload, while one runs. */
  upload: { done: number; total: number } | null;
}

export interface TeamAccountStatus {
  id: string;
  label: string;
  phone: string | null;
  /** As the rep's PC last reported it (live, needs_qr, banned…). */
  state: string;
  detail: string | null;
  stateChangedAt: number | null;
  /** Messages from customers after the rep last read each chat (as the PCs replicated it; counted up to 100 a chat). */
  unread: number;
  /** Direct chats whose customer has waited more than 4 hours for an answer (the dashboard's rule, over the last 30 days). */
  waiting: number;
}

export interface TeamOverview {
  users: Array<{
    id: string;
    login: string;
    name: string;
    role: 'admin' | 'lead' | 'rep';
    team: string | null;
    disabled: boolean;
    devices: TeamDeviceStatus[];
    accounts: TeamAccountStatus[];
  }>;
}

/** A PC counts as online when heard from this recently (desktops say so about once a minute when idle). */
export const TEAM_ONLINE_MS = 3 * 60_000;

/** An account the team server holds for this PC's user. */
export interface TeamRestorable { id: string; label: string; phone: string | null; messages: number }

export interface TeamRestoreProgress {
  accountId: string;
  label: string;
  /** 1-based index of the account, of `accounts`. */
  index: number;
  accounts: number;
  done: number;
  total: number;
  stage: 'messages' | 'media';
}

export interface TeamRestoreResult { accounts: string[]; messages: number; files: number }

/** What handing an account over will do (shown before it is done). */
export interface ReassignPlan {
  accountId: string;
  label: string;
  messages: number;
  /** Whose it was. */
  from: Array<{ id: string; name: string }>;
  to: { id: string; name: string };
  /** The new owner's PCs, which bring the account down with its history. */
  restoreOn: string[];
  /** PCs that had it, which let its WhatsApp login go (their local copy stays). */
  releaseOn: string[];
}

export interface OffboardReport {
  user: { id: string; name: string };
  accounts: ReassignPlan[];
  /** Customers the person owned (in the console), handed to the same person. */
  customers: string[];
  devicesRevoked: string[];
}

/** Customers owned by one person (set in the console) handed to another. */
export interface CustomerHandover {
  from: { id: string; name: string };
  to: { id: string; name: string };
  customers: string[];
}

/** Something the team server asked of this PC. */
export type TeamAssignment = { kind: 'restored'; accountIds: string[] } | { kind: 'released'; accountId: string };

