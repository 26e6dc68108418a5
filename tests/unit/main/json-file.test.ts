import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ShellSettings } from '../../../src/main/shell-settings';
import { readJsonFile, writeFileAtomic } from '../../../src/main/util/json-file';

const dir = mkdtempSync(path.join(tmpdir(), 'sb-json-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const Schema = z.object({ n: z.number().int() });

describe('JSON files in userData', () => {
  it('reads missing, invalid and valid files distinctly', async () => {
    expect(await readJsonFile(path.join(dir, 'none.json'), Schema)).toEqual({ kind: 'missing' });
    writeFileSync(path.join(dir, 'bad.json'), '{"n": 1.5}');
    expect(await readJsonFile(path.join(dir, 'bad.json'), Schema)).toEqual({ kind: 'invalid', reason: 'n' });
    writeFileSync(path.join(dir, 'junk.json'), 'not json');
    expect(await readJsonFile(path.join(dir, 'junk.json'), Schema)).toEqual({ kind: 'invalid', reason: 'not JSON' });
    await writeFileAtomic(path.join(dir, 'ok.json'), '{"n": 2}');
    expect(await readJsonFile(path.join(dir, 'ok.json'), Schema)).toEqual({ kind: 'ok', value: { n: 2 } });
  });

  it('replaces atomically and leaves no temp files behind', async () => {
    const file = path.join(dir, 'state.json');
    await writeFileAtomic(file, '{"n": 1}');
    await writeFileAtomic(file, '{"n": 2}');
    expect(readFileSync(file, 'utf8')).toBe('{"n": 2}');
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('an exclusive write (the key file) never replaces an existing file', async () => {
    const file = path.join(dir, 'archive-key.json');
    await writeFileAtomic(file, 'first', { exclusive: true });
    await expect(writeFileAtomic(file, 'second', { exclusive: true })).rejects.toThrow(/EEXIST/);
    expect(readFileSync(file, 'utf8')).toBe('first');
  });
});

describe('shell settings', () => {
  it('start from defaults, persist changes, and ignore a damaged file with a log line', async () => {
    const file = path.join(dir, 'shell-settings.json');
    const log: string[] = [];
    const s = await ShellSettings.load(file, (m) => log.push(m));
    expect(s.dnd).toEqual({ enabled: false, until: null });
    expect(s.downloadFolder).toBeNull();
    await s.update({ dnd: { enabled: true, until: 123 }, downloadFolder: '/data/downloads' });
    const again = await ShellSettings.load(file, (m) => log.push(m));
    expect(again.dnd).toEqual({ enabled: true, until: 123 });
    expect(again.downloadFolder).toBe('/data/downloads');
    expect(log).toEqual([]);
    writeFileSync(file, '{"version":1,"dnd":"yes"}');
    const damaged = await ShellSettings.load(file, (m) => log.push(m));
    expect(damaged.dnd.enabled).toBe(false);
    expect(log).toHaveLength(1);
  });

  it('refuses an invalid update and keeps the file as it was', async () => {
    const file = path.join(dir, 'shell-2.json');
    const s = await ShellSettings.load(file, () => {});
    await s.update({ downloadFolder: '/a' });
    await expect(s.update({ downloadFolder: '' })).rejects.toThrow();
    expect(JSON.parse(readFileSync(file, 'utf8')).downloadFolder).toBe('/a');
    expect(s.downloadFolder).toBe('/a');
  });
});
