import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Archive } from '../../../src/core/archive/archive';
import { generateKey, type KeyProvider, staticKeyProvider } from '../../../src/core/archive/key';
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

/** An opened profile with the key provider it was opened with (Core seals translation keys under it). */
export interface OpenedProfile {
  archive: Archive;
  paths: ProfilePaths;
  keys: KeyProvider;
  remove: () => void;
}

/** A new, empty profile (first start of the app). */
export async function openEmpty(): Promise<OpenedProfile> {
  const dir = mkdtempSync(path.join(tmpdir(), 'sb-e2e-empty-'));
  const remove = () => rmSync(dir, { recursive: true, force: true });
  try {
    const keys = staticKeyProvider(generateKey());
    const { archive, paths } = await Archive.openProfile(dir, keys, { create: true });
    return { archive, paths, keys, remove };
  } catch (err) {
    remove();
    throw err;
  }
}

/** A private copy of the base profile, opened; `remove` deletes the copy. */
export async function openCopy(base: BaseProfile): Promise<OpenedProfile> {
  const dir = mkdtempSync(path.join(tmpdir(), 'sb-e2e-'));
  const remove = () => rmSync(dir, { recursive: true, force: true });
  try {
    cpSync(base.dir, dir, { recursive: true });
    const keys = staticKeyProvider(Buffer.from(base.keyHex, 'hex'));
    const { archive, paths } = await Archive.openProfile(dir, keys);
    return { archive, paths, keys, remove };
  } catch (err) {
    remove();
    throw err;
  }
}
