import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Archive } from '../../../src/core/archive/archive';
import { generateKey, staticKeyProvider } from '../../../src/core/archive/key';
import type { ProfilePaths } from '../../../src/core/archive/profile';
import { seedArchive } from './seed';

export interface BaseProfile {
  dir: string;
  keyHex: string;
}

/** Builds the seeded profile once per run; each test opens its own copy. */
export async function buildBaseProfile(): Promise<BaseProfile> {
  const dir = mkdtempSync(path.join(tmpdir(), 'sb-e2e-base-'));
  const key = generateKey();
  const { archive, paths } = await Archive.openProfile(dir, staticKeyProvider(key), { create: true });
  try {
    await seedArchive(archive, paths.media);
  } finally {
    await archive.close();
  }
  return { dir, keyHex: key.toString('hex') };
}

/** A new, empty profile (first start of the app). */
export async function openEmpty(): Promise<{ archive: Archive; paths: ProfilePaths; remove: () => void }> {
  const dir = mkdtempSync(path.join(tmpdir(), 'sb-e2e-empty-'));
  const remove = () => rmSync(dir, { recursive: true, force: true });
  try {
    const { archive, paths } = await Archive.openProfile(dir, staticKeyProvider(generateKey()), { create: true });
    return { archive, paths, remove };
  } catch (err) {
    remove();
    throw err;
  }
}

/** A private copy of the base profile, opened; `remove` deletes the copy. */
export async function openCopy(base: BaseProfile): Promise<{ archive: Archive; paths: ProfilePaths; remove: () => void }> {
  const dir = mkdtempSync(path.join(tmpdir(), 'sb-e2e-'));
  const remove = () => rmSync(dir, { recursive: true, force: true });
  try {
    cpSync(base.dir, dir, { recursive: true });
    const { archive, paths } = await Archive.openProfile(dir, staticKeyProvider(Buffer.from(base.keyHex, 'hex')));
    return { archive, paths, remove };
  } catch (err) {
    remove();
    throw err;
  }
}
