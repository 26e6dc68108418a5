import { existsSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { readJsonFile, writeFileAtomic } from './util/json-file';

/**
 * Where the profile (archive and media) lives when the user moved it from Settings: a small
 * pointer file in userData. The archive key stays in userData. A pointer to a folder that
 * is not there (an unplugged drive) stops startup with a clear message: the app never
 * starts a new empty archive somewhere else instead.
 */

export const PROFILE_LOCATION_FILE = 'profile-location.json';

const ProfileLocation = z.object({ version: z.literal(1), profileDir: z.string().min(1).max(4096) });

export type ProfileDirChoice =
  | { ok: true; dir: string; moved: boolean }
  | { ok: false; code: 'PROFILE_MISSING' | 'PROFILE_POINTER_INVALID'; zh: string; en: string; detail: string };

export async function chooseProfileDir(userData: string, defaultDir: string): Promise<ProfileDirChoice> {
  const file = path.join(userData, PROFILE_LOCATION_FILE);
  const r = await readJsonFile(file, ProfileLocation);
  if (r.kind === 'missing') return { ok: true, dir: defaultDir, moved: false };
  if (r.kind === 'invalid' || !path.isAbsolute(r.value.profileDir)) {
    return {
      ok: false,
      code: 'PROFILE_POINTER_INVALID',
      zh: '记录数据文件夹位置的文件已损坏。存档没有被改动。请联系管理员。',
      en: 'The file that records where the data folder is has been damaged. The archive was not changed. Contact your admin.',
      detail: `${file}: ${r.kind === 'invalid' ? r.reason : 'not a full path'}`,
    };
  }
  const dir = r.value.profileDir;
  if (!existsSync(dir)) {
    return {
      ok: false,
      code: 'PROFILE_MISSING',
      zh: '找不到数据文件夹。如果它在移动硬盘或网络盘上，请先连接，然后重新启动 Switchboard。',
      en: 'The data folder cannot be found. If it is on an external or network drive, connect it, then start Switchboard again.',
      detail: dir,
    };
  }
  return { ok: true, dir, moved: true };
}

export async function saveProfileDir(userData: string, dir: string): Promise<void> {
  await writeFileAtomic(path.join(userData, PROFILE_LOCATION_FILE), JSON.stringify({ version: 1, profileDir: dir }, null, 2));
}
