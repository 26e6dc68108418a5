import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Archive } from '../../src/core/archive/archive';
import { generateKey, staticKeyProvider } from '../../src/core/archive/key';

/**
 * Both ways capture reaches a page: the launched browser's own connection (CLI, demo), and
 * the desktop app's way, a page-level debugger per page through DebuggerTransport.
 */
export const CAPTURE_REACHES = ['browser', 'page-debugger'] as const;

/** A real encrypted archive in a temp dir, plus its media folder. */
export interface TempArchive {
  dir: string;
  archive: Archive;
  mediaDir: string;
  close(): Promise<void>;
}

export async function tempArchive(prefix = 'capture-'): Promise<TempArchive> {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  const archive = await Archive.open({ file: path.join(dir, 'archive.db'), keys: staticKeyProvider(generateKey()), create: true })
    .catch((err: unknown) => {
      rmSync(dir, { recursive: true, force: true });
      throw err;
    });
  return {
    dir,
    archive,
    mediaDir: path.join(dir, 'media'),
    async close() {
      await archive.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export { archivedThread, compareWithTruth, type Comparison, type CompareOptions } from '../wa-sim/truth';
