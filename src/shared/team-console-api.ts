import { z } from 'zod';

/**
 * The team server's API for people (the lead's console in the browser, scripts): sign-in,
 * what the signed-in user may read, and administration. One place for each route's input
 * schema and answer shape; the server validates with these and the console types by them.
 */

export const TEAM_ROLES = ['admin', 'lead', 'rep'] as const;
export const TeamRole = z.enum(TEAM_ROLES);
export type TeamRole = z.infer<typeof TeamRole>;

/** Shortest password the server accepts for a person. */
export const PASSWORD_MIN = 10;
const Password = z.string().min(PASSWORD_MIN, `A password needs at least ${PASSWORD_MIN} characters.`).max(256);
const Login = z.string().trim().min(2).max(64).regex(/^[A-Za-z0-9._@-]+$/, 'A login may use letters, digits and . _ @ - only.');
const Team = z.string().trim().min(1).max(64);

export const LoginRequest = z.object({ login: z.string().min(1).max(64), password: z.string().min(1).max(256) });
export type LoginRequest = z.input<typeof LoginRequest>;

export const PasswordChange = z.object({ current: z.string().min(1).max(256), next: Password });

export const UserCreate = z.object({
  login: Login,
  name: z.string().trim().min(1).max(128),
  role: TeamRole,
  team: Team.nullable().default(null),
  password: Password.nullable().default(null),
});
export type UserCreate = z.input<typeof UserCreate>;

export const UserPatch = z.object({
  name: z.string().trim().min(1).max(128).optional(),
  role: TeamRole.optional(),
  team: Team.nullable().optional(),
  password: Password.optional(),
  disabled: z.boolean().optional(),
}).refine((p) => Object.keys(p).length > 0, 'Nothing to change.');
export type UserPatch = z.input<typeof UserPatch>;

export interface TeamUserView {
  id: string;
  login: string;
  name: string;
  role: TeamRole;
  team: string | null;
  disabled: boolean;
  hasPassword: boolean;
  createdAt: number;
}

export interface MeView extends TeamUserView {
  sessionExpiresAt: number;
}

export interface TeamDeviceView {
  id: string;
  userId: string;
  name: string;
  appVersion: string | null;
  enrolledAt: number;
  lastSeenAt: number | null;
  revokedAt: number | null;
}

export const ExportQuery = z.object({
  accountId: z.string().min(1).max(256),
  chatId: z.string().min(1).max(256),
});
