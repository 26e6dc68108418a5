import { rmSync } from 'node:fs';
import { buildBaseProfile } from './harness/profile';

/** Seeds the shared base archive (including the 100k-message chat) once for the whole run. */
export default async function globalSetup(): Promise<() => void> {
  const base = await buildBaseProfile();
  process.env.SB_E2E_BASE_DIR = base.dir;
  process.env.SB_E2E_BASE_KEY = base.keyHex;
  return () => rmSync(base.dir, { recursive: true, force: true });
}
