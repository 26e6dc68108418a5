import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { z } from 'zod';

/**
 * Small JSON files main keeps in userData (window state, shell settings, the key file).
 * Reads are validated; writes go to a temp file that is flushed and renamed, so a crash
 * leaves either the old file or the new one, never half of one.
 */

export type ReadResult<T> = { kind: 'missing' } | { kind: 'invalid'; reason: string } | { kind: 'ok'; value: T };

export async function readJsonFile<S extends z.ZodType>(file: string, schema: S): Promise<ReadResult<z.output<S>>> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { kind: 'missing' };
    return { kind: 'invalid', reason: (err as Error).message };
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { kind: 'invalid', reason: 'not JSON' };
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    return { kind: 'invalid', reason: parsed.error.issues.map((i) => i.path.join('.') || '(root)').join(', ') };
  }
  return { kind: 'ok', value: parsed.data };
}

export async function writeFileAtomic(file: string, text: string, opts: { mode?: number; exclusive?: boolean } = {}): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  if (opts.exclusive) {
    // Never replace: the key file is written once.
    await writeFile(file, text, { mode: opts.mode ?? 0o600, flag: 'wx', flush: true });
    return;
  }
  const tmp = `${file}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    await writeFile(tmp, text, { mode: opts.mode ?? 0o600, flag: 'wx', flush: true });
    await rename(tmp, file);
  } catch (err) {
    await rm(tmp, { force: true });
    throw err;
  }
}
