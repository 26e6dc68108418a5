import type { PgMigration } from './schema';

/**
 * The team server's own tables, beside the archive's: who may sign in, which devices may
 * push, how far each device's outbox has been applied, how each device's local account
 * maps to a team account (its WhatsApp number), and the server's hash-chained audit log.
 */
export const TEAM_MIGRATIONS: readonly PgMigration[] = [
  {
    version: 1,
    name: 'team',
    sql: `
      CREATE TABLE users (
        id text COLLATE "C" PRIMARY KEY,
        login text COLLATE "C" NOT NULL UNIQUE,
        name text NOT NULL,
        role text NOT NULL CHECK (role IN ('admin', 'lead', 'rep')),
        team text,
        password_hash text,
        created_at bigint NOT NULL,
        disabled_at bigint
      );

      CREATE TABLE enrollment_codes (
        code_hash text PRIMARY KEY,
        user_id text COLLATE "C" NOT NULL REFERENCES users(id),
        created_at bigint NOT NULL,
        expires_at bigint NOT NULL,
        used_at bigint,
        used_by_device text
      );

      CREATE TABLE devices (
        id text COLLATE "C" PRIMARY KEY,
        user_id text COLLATE "C" NOT NULL REFERENCES users(id),
        name text NOT NULL,
        token_hash text NOT NULL UNIQUE,
        app_version text,
        enrolled_at bigint NOT NULL,
        last_seen_at bigint,
        revoked_at bigint,
        acked_seq bigint NOT NULL DEFAULT 0
      );

      -- A device's local account and the team account (WhatsApp number) it is, once known.
      CREATE TABLE device_accounts (
        device_id text COLLATE "C" NOT NULL REFERENCES devices(id),
        local_id text COLLATE "C" NOT NULL,
        team_account_id text COLLATE "C",
        label text,
        state text,
        state_detail text,
        updated_at bigint NOT NULL,
        PRIMARY KEY (device_id, local_id)
      );
      CREATE INDEX device_accounts_team ON device_accounts(team_account_id);

      -- Operations of a local account whose WhatsApp number is not known yet; applied when it is.
      CREATE TABLE parked_ops (
        id bigserial PRIMARY KEY,
        device_id text COLLATE "C" NOT NULL,
        local_id text COLLATE "C" NOT NULL,
        batch_now bigint NOT NULL,
        ops text NOT NULL
      );
      CREATE INDEX parked_ops_account ON parked_ops(device_id, local_id, id);

      CREATE TABLE server_audit (
        seq bigint PRIMARY KEY,
        at bigint NOT NULL,
        actor text NOT NULL,
        action text NOT NULL,
        target text,
        detail text NOT NULL,
        prev_hash text NOT NULL,
        hash text NOT NULL
      );
      CREATE FUNCTION server_audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN RAISE EXCEPTION 'server_audit is append-only'; END $$;
      CREATE TRIGGER server_audit_no_change BEFORE UPDATE OR DELETE ON server_audit
        FOR EACH ROW EXECUTE FUNCTION server_audit_append_only();
    `,
  },
  {
    version: 2,
    name: 'sessions',
    sql: `
      -- A signed-in browser: the cookie's token, stored hashed; ends when idle or at its hard limit.
      CREATE TABLE sessions (
        token_hash text PRIMARY KEY,
        user_id text COLLATE "C" NOT NULL REFERENCES users(id),
        created_at bigint NOT NULL,
        last_seen_at bigint NOT NULL,
        expires_at bigint NOT NULL,
        ip text,
        user_agent text
      );
      CREATE INDEX sessions_user ON sessions(user_id);

      -- Failed sign-ins per login and per address, for throttling across server instances.
      CREATE TABLE login_failures (
        key text NOT NULL,
        at bigint NOT NULL
      );
      CREATE INDEX login_failures_key ON login_failures(key, at);
    `,
  },
  {
    version: 3,
    name: 'user-prefs',
    sql: `
      -- A person's console preferences (language, theme, tile layout), as the desktop keeps its own.
      CREATE TABLE user_prefs (
        user_id text COLLATE "C" NOT NULL REFERENCES users(id),
        key text NOT NULL,
        value text NOT NULL,
        PRIMARY KEY (user_id, key)
      );
    `,
  },
  {
    version: 4,
    name: 'device-backlog',
    sql: `
      -- What each desktop last said it still had to send (team overview), and when.
      ALTER TABLE devices ADD COLUMN pending_ops bigint;
      ALTER TABLE devices ADD COLUMN upload_done bigint;
      ALTER TABLE devices ADD COLUMN upload_total bigint;
    `,
  },
  {
    version: 5,
    name: 'reassign',
    sql: `
      -- An account handed to a user (a lead's reassignment, an offboarding): from then on it is
      -- that user's, whichever PCs linked it before. Without a row, an account is its linkers'.
      CREATE TABLE account_assignments (
        account_id text COLLATE "C" PRIMARY KEY,
        user_id text COLLATE "C" NOT NULL REFERENCES users(id),
        assigned_at bigint NOT NULL,
        assigned_by text NOT NULL
      );
      -- What the server asks of a PC (bring an account down, let one go), delivered when it next calls in.
      CREATE TABLE device_inbox (
        seq bigserial PRIMARY KEY,
        device_id text COLLATE "C" NOT NULL REFERENCES devices(id),
        kind text NOT NULL,
        payload text NOT NULL,
        created_at bigint NOT NULL
      );
      CREATE INDEX device_inbox_device ON device_inbox(device_id, seq);
    `,
  },
];
