import { type z } from 'zod';
import { DEFAULT_LAYOUT, Layout, normalizeLayout } from '../../shared/layout';
import { applySettingsPatch, DEFAULT_SETTINGS, Settings, type SettingsPatch } from '../../shared/settings';
import type { Pool } from '../pg/db';

/**
 * A person's console preferences, kept per user on the server (the desktop keeps its own in
 * its profile): the app's Settings shape, so the same screens read it, and the tile layout.
 * What was stored is checked with the same schemas on the way out; anything unreadable falls
 * back to the defaults rather than break the console.
 */

async function read<T extends z.ZodType>(pool: Pool, userId: string, key: string, schema: T, fallback: z.output<T>): Promise<z.output<T>> {
  const row = (await pool.query<{ value: string }>('SELECT value FROM user_prefs WHERE user_id = $1 AND key = $2', [userId, key])).rows[0];
  if (!row) return fallback;
  try {
    const parsed = schema.safeParse(JSON.parse(row.value));
    return parsed.success ? parsed.data : fallback;
  } catch {
    return fallback;
  }
}

async function write(pool: Pool, userId: string, key: string, value: unknown): Promise<void> {
  await pool.query(`INSERT INTO user_prefs (user_id, key, value) VALUES ($1, $2, $3)
    ON CONFLICT (user_id, key) DO UPDATE SET value = excluded.value`, [userId, key, JSON.stringify(value)]);
}

export const userSettings = (pool: Pool, userId: string) => read(pool, userId, 'settings', Settings, DEFAULT_SETTINGS);

export async function changeUserSettings(pool: Pool, userId: string, patch: SettingsPatch): Promise<Settings> {
  const next = applySettingsPatch(await userSettings(pool, userId), patch);
  await write(pool, userId, 'settings', next);
  return next;
}

export const userLayout = (pool: Pool, userId: string) => read(pool, userId, 'layout', Layout, DEFAULT_LAYOUT);

export async function changeUserLayout(pool: Pool, userId: string, layout: Layout): Promise<Layout> {
  const next = normalizeLayout(layout);
  await write(pool, userId, 'layout', next);
  return next;
}
