import path from 'node:path';
import { afterAll, afterEach } from 'vitest';
import { Archive } from '../../src/core/archive/archive';
import { generateKey, staticKeyProvider } from '../../src/core/archive/key';
import type { ArchiveOpInput, MessageInput } from '../../src/core/archive/operations';
import { type Scope, tempDir } from './temp';

const open: Record<Scope, Archive[]> = { test: [], file: [] };

afterEach(async () => {
  await Promise.all(open.test.splice(0).map((a) => a.close()));
});
afterAll(async () => {
  await Promise.all(open.file.splice(0).map((a) => a.close()));
});

export interface TempArchive {
  archive: Archive;
  key: Buffer;
  dir: string;
  file: string;
}

/** A new encrypted archive in a temp profile folder, closed when its scope ends. */
export async function tempArchive(scope: Scope = 'test'): Promise<TempArchive> {
  const dir = tempDir('sb-test-', scope);
  const key = generateKey();
  const { archive, paths } = await Archive.openProfile(dir, staticKeyProvider(key), { create: true });
  open[scope].push(archive);
  return { archive, key, dir, file: paths.db };
}

/** Keeps an archive opened by the test itself closed after it. */
export function track(a: Archive, scope: Scope = 'test'): Archive {
  open[scope].push(a);
  return a;
}

export const ACCOUNT = 'acc-1';

export function account(id = ACCOUNT, label = 'Sales 1'): ArchiveOpInput {
  return { op: 'createAccount', accountId: id, label, partitionId: `p-${id}` };
}

let seq = 0;
/** An incoming text message; override any field. */
export function msg(over: Partial<MessageInput> & { body?: string | null } = {}, accountId = ACCOUNT): ArchiveOpInput {
  seq++;
  return {
    op: 'upsertMessage',
    accountId,
    message: {
      id: `false_34600000001@c.us_M${seq}`,
      chatId: '34600000001@c.us',
      senderId: '34600000001@c.us',
      fromMe: false,
      type: 'chat',
      body: `message ${seq}`,
      timestamp: 1_700_000_000_000 + seq * 1000,
      ...over,
    },
  };
}

export const keyFileIn = (dir: string) => path.join(dir, 'archive.key');
