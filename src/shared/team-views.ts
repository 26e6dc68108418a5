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
