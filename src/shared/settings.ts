import { z } from 'zod';

/** User-facing app settings; stored in the archive, validated on every read and write. */

export const LANGUAGES = ['zh-CN', 'en'] as const;
export const Language = z.enum(LANGUAGES);
export type Language = z.infer<typeof Language>;

export const THEMES = ['system', 'light', 'dark'] as const;
export const Theme = z.enum(THEMES);
export type Theme = z.infer<typeof Theme>;

export const HibernationPolicy = z.strictObject({
  enabled: z.boolean(),
  /** An account idle this long is hibernated (its page freed, login kept). */
  idleMinutes: z.number().int().min(5).max(24 * 60),
  /** Hibernated accounts are woken this often to archive what arrived meanwhile. */
  sweepMinutes: z.number().int().min(15).max(24 * 60),
});
export type HibernationPolicy = z.infer<typeof HibernationPolicy>;

export const Settings = z.strictObject({
  language: Language,
  theme: Theme,
  hibernation: HibernationPolicy,
  /** Media larger than this is recorded as too_large, not downloaded. */
  mediaCapMb: z.number().int().min(1).max(2048),
  notifications: z.strictObject({
    enabled: z.boolean(),
    /** Show message text in notifications (off for shared screens). */
    preview: z.boolean(),
  }),
});
export type Settings = z.infer<typeof Settings>;

export const DEFAULT_SETTINGS: Settings = {
  language: 'zh-CN',
  theme: 'system',
  hibernation: { enabled: true, idleMinutes: 30, sweepMinutes: 120 },
  mediaCapMb: 64,
  notifications: { enabled: true, preview: true },
};

/** A change to some settings; nested groups may be given in part. */
export const SettingsPatch = z.strictObject({
  language: Language.optional(),
  theme: Theme.optional(),
  hibernation: HibernationPolicy.partial().optional(),
  mediaCapMb: Settings.shape.mediaCapMb.optional(),
  notifications: Settings.shape.notifications.partial().optional(),
});
export type SettingsPatch = z.infer<typeof SettingsPatch>;

export function applySettingsPatch(base: Settings, patch: SettingsPatch): Settings {
  return Settings.parse({
    ...base,
    ...(patch.language !== undefined ? { language: patch.language } : {}),
    ...(patch.theme !== undefined ? { theme: patch.theme } : {}),
    ...(patch.mediaCapMb !== undefined ? { mediaCapMb: patch.mediaCapMb } : {}),
    hibernation: { ...base.hibernation, ...patch.hibernation },
    notifications: { ...base.notifications, ...patch.notifications },
  });
}
