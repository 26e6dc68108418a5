import type { ArchiveErrorCode } from './errors';

export type WorkerRole = 'writer' | 'reader';

export interface WorkerInit {
  file: string;
  keyHex: string;
  role: WorkerRole;
  create: boolean;
}

export type WorkerRequest =
  | { id: number; kind: 'write'; ops: unknown[]; now?: number; fromTeam?: boolean }
  | { id: number; kind: 'query'; name: string; args: unknown }
  | { id: number; kind: 'backup'; target: string }
  | { id: number; kind: 'outbox'; action: 'enable' | 'disable' }
  | { id: number; kind: 'outbox'; action: 'ack'; seq: number; now: number }
  | { id: number; kind: 'outbox'; action: 'initialUpload'; state: string | null }
  | { id: number; kind: 'close' };

export interface WorkerError {
  code: ArchiveErrorCode | 'INTERNAL';
  message: string;
}

export type WorkerResponse =
  | { id: number; ok: true; value: unknown }
  | { id: number; ok: false; error: WorkerError }
  | { id: 0; ready: true }
  | { id: 0; ready: false; error: WorkerError };
