import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach } from 'vitest';

/** 'test': cleaned after the current test; 'file': after the test file (use from beforeAll). */
export type Scope = 'test' | 'file';

const dirs: Record<Scope, string[]> = { test: [], file: [] };

/** A fresh temp folder, removed when its scope ends. */
export function tempDir(prefix = 'sb-test-', scope: Scope = 'test'): string {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  dirs[scope].push(dir);
  return dir;
}

const clean = (scope: Scope) => {
  for (const d of dirs[scope].splice(0)) rmSync(d, { recursive: true, force: true });
};
afterEach(() => clean('test'));
afterAll(() => clean('file'));
