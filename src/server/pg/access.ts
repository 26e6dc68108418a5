import { createHash } from 'node:crypto';
import { inTransaction, type Pool, type Sql } from './db';

/**
 * Who may read what in the team archive, enforced by PostgreSQL itself with row-level
 * security, so a bug in one of our queries cannot show a rep a colleague's chats.
 *
 * People's reads run as the NOLOGIN role `switchboard_reader` (SET LOCAL ROLE inside a
 * read-only transaction) with the signed-in user in the `switchboard.user_id` setting. The
 * reader may only SELECT, and only tables listed here; every archive row it can see passes
 * the table's policy. Replication writes keep running as the owner, which RLS leaves alone.
 *
 * Visibility: an admin sees every account; a rep their own accounts (the WhatsApp numbers
 * their enrolled PCs linked, or that were handed to them; an account handed to someone else
 * is no longer theirs); a lead those of every user in their team too. Customers follow their
 * chats. A disabled user sees nothing.
 */

export const READER_ROLE = 'switchboard_reader';

/** How a table's rows are visible; `none` tables are never readable by people's queries. */
type Rule =
  | { by: 'account'; column: string }
  | { by: 'customer'; column: string }
  | { by: 'sql'; using: string }
  | { by: 'admin' }
  | { by: 'signed-in' }
  | { by: 'none' };

const account = (column = 'account_id'): Rule => ({ by: 'account', column });
const customer = (column = 'customer_id'): Rule => ({ by: 'customer', column });

/** Every table of the schema, classified. A test fails when a table is added without a rule here. */
export const TABLE_ACCESS: Readonly<Record<string, Rule>> = {
  accounts: account('id'),
  chats: account(),
  contacts: account(),
  participants: account(),
  participant_snapshots: account(),
  participant_events: account(),
  // a member list is readable when a visible group's snapshot points at it
  participant_sets: { by: 'sql', using: 'EXISTS (SELECT 1 FROM participant_snapshots s WHERE s.set_hash = participant_sets.hash)' },
  messages: account(),
  pending_acks: account(),
  revisions: account(),
  revocations: account(),
  reactions: account(),
  media_files: { by: 'sql', using: 'EXISTS (SELECT 1 FROM message_media mm WHERE mm.sha256 = media_files.sha256)' },
  message_media: account(),
  chat_sync: account(),
  gaps: account(),
  history_fills: account(),
  message_translations: account(),
  translate_prefs: account(),
  message_search: account(),
  // which words the index holds, across every account: read only by sb_search_words for search
  search_words: { by: 'none' },
  customers: customer('id'),
  customer_stage_events: customer(),
  customer_tags: customer(),
  customer_notes: customer(),
  follow_ups: customer(),
  customer_links: account(),
  customer_merges: { by: 'sql', using: 'from_id = ANY ((SELECT sb_visible_customers())::text[]) OR into_id = ANY ((SELECT sb_visible_customers())::text[])' },
  // the people of the desktops (names shown as customer owners and note authors)
  people: { by: 'signed-in' },
  settings: { by: 'admin' },
  audit_log: { by: 'admin' },
  // cached translations are message text keyed by hash: not tied to an account, so admins only
  translation_cache: { by: 'admin' },
  // the team server's own tables are read by the server, never through people's queries
  users: { by: 'none' },
  enrollment_codes: { by: 'none' },
  devices: { by: 'none' },
  device_accounts: { by: 'none' },
  parked_ops: { by: 'none' },
  server_audit: { by: 'none' },
  sessions: { by: 'none' },
  login_failures: { by: 'none' },
  user_prefs: { by: 'none' },
  account_assignments: { by: 'none' },
  device_inbox: { by: 'none' },
  access_version: { by: 'none' },
  schema_migrations: { by: 'none' },
  team_schema_migrations: { by: 'none' },
};

const FUNCTIONS = `
  CREATE OR REPLACE FUNCTION sb_viewer() RETURNS text LANGUAGE sql STABLE
    AS $$ SELECT nullif(current_setting('switchboard.user_id', true), '') $$;

  CREATE OR REPLACE FUNCTION sb_is_admin() RETURNS boolean LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
    AS $$ SELECT EXISTS (SELECT 1 FROM users WHERE id = sb_viewer() AND role = 'admin' AND disabled_at IS NULL) $$;

  CREATE OR REPLACE FUNCTION sb_signed_in() RETURNS boolean LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
    AS $$ SELECT EXISTS (SELECT 1 FROM users WHERE id = sb_viewer() AND disabled_at IS NULL) $$;

  -- Whose each account is: the user it was handed to, else every user whose PCs linked it.
  CREATE OR REPLACE FUNCTION sb_account_users() RETURNS TABLE (account_id text, user_id text) LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path = public, pg_temp
    AS $$
      SELECT account_id, user_id FROM account_assignments
      UNION
      SELECT DISTINCT da.team_account_id, d.user_id FROM device_accounts da JOIN devices d ON d.id = da.device_id
        WHERE da.team_account_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM account_assignments x WHERE x.account_id = da.team_account_id) $$;

  -- The team accounts the viewer may read: all for an admin; for others their own accounts,
  -- and for a lead also those of the users in the lead's team.
  CREATE OR REPLACE FUNCTION sb_visible_accounts() RETURNS text[] LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
    AS $$
      SELECT coalesce(array_agg(DISTINCT id), '{}') FROM (
        SELECT a.id FROM accounts a WHERE sb_is_admin()
        UNION
        SELECT o.account_id FROM users me
          JOIN users u ON u.disabled_at IS NULL AND (u.id = me.id OR (me.role = 'lead' AND me.team IS NOT NULL AND u.team = me.team))
          JOIN sb_account_users() o ON o.user_id = u.id
        WHERE me.id = sb_viewer() AND me.disabled_at IS NULL
      ) v $$;

  -- The customers of the visible accounts' chats, as the desktop derives them
  -- (src/core/archive/queries/customers.ts): manual links, a direct chat's own customer,
  -- the customer of a phone number, and customers merged into one of these.
  CREATE OR REPLACE FUNCTION sb_visible_customers() RETURNS text[] LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
    AS $$
      WITH acc AS (SELECT unnest(sb_visible_accounts()) AS id),
      direct AS (SELECT c.account_id, c.wa_id FROM chats c WHERE c.kind = 'direct' AND c.account_id IN (SELECT id FROM acc)),
      phones AS (
        SELECT regexp_replace(coalesce(k.phone, ''), '[^0-9]', '', 'g') AS d FROM contacts k WHERE k.account_id IN (SELECT id FROM acc)
        UNION SELECT regexp_replace(split_part(wa_id, '@', 1), '[^0-9]', '', 'g') FROM direct
      ),
      base AS (
        SELECT l.customer_id AS id FROM customer_links l WHERE l.customer_id IS NOT NULL AND l.account_id IN (SELECT id FROM acc)
        UNION SELECT 'w:' || account_id || ':' || wa_id FROM direct
        UNION SELECT 'p:' || d FROM phones WHERE length(d) BETWEEN 5 AND 20
      )
      SELECT coalesce(array_agg(DISTINCT id), '{}') FROM (
        SELECT id FROM customers WHERE sb_is_admin()
        UNION SELECT id FROM base
        UNION SELECT m.from_id FROM customer_merges m WHERE m.into_id IN (SELECT id FROM base)
      ) v $$;

`;

function using(rule: Rule): string | null {
  switch (rule.by) {
    // (SELECT f()) is computed once per statement, and the column compares against an array: index-friendly
    case 'account': return `${rule.column} = ANY ((SELECT sb_visible_accounts())::text[])`;
    case 'customer': return `${rule.column} = ANY ((SELECT sb_visible_customers())::text[])`;
    case 'sql': return rule.using;
    case 'admin': return '(SELECT sb_is_admin())';
    case 'signed-in': return '(SELECT sb_signed_in())';
    case 'none': return null;
  }
}

/** The statements that set up the reader role, its grants and the policies for `tables`. */
export function accessStatements(tables: readonly string[]): string[] {
  const out = [FUNCTIONS];
  for (const table of tables) {
    const rule = TABLE_ACCESS[table];
    if (!rule) throw new Error(`Table "${table}" has no access rule; add it to TABLE_ACCESS in src/server/pg/access.ts.`);
    out.push(`REVOKE ALL ON TABLE "${table}" FROM ${READER_ROLE}`);
    out.push(`DROP POLICY IF EXISTS sb_visible ON "${table}"`);
    const expr = using(rule);
    if (expr === null) continue;
    out.push(`ALTER TABLE "${table}" ENABLE ROW LEVEL SECURITY`);
    out.push(`CREATE POLICY sb_visible ON "${table}" FOR SELECT TO ${READER_ROLE} USING (${expr})`);
    out.push(`GRANT SELECT ON TABLE "${table}" TO ${READER_ROLE}`);
  }
  return out;
}

const ACCESS_LOCK = 0x5342_4143; // "SBAC"

/**
 * Brings roles, grants and policies up to date after migrations. Only runs when the rules or
 * the tables changed (ALTER TABLE would otherwise queue behind every push on each start).
 */
export async function applyAccess(pool: Pool): Promise<boolean> {
  return inTransaction(pool, async (sql) => {
    await sql('SELECT pg_advisory_xact_lock($1)', [ACCESS_LOCK]);
    await sql('CREATE TABLE IF NOT EXISTS access_version (id integer PRIMARY KEY CHECK (id = 1), hash text NOT NULL)');
    const tables = (await sql<{ tablename: string }>(`SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename`))
      .map((r) => r.tablename);
    const statements = accessStatements(tables);
    const hash = createHash('sha256').update(statements.join(';\n')).digest('hex');
    const current = (await sql<{ hash: string }>('SELECT hash FROM access_version WHERE id = 1'))[0]?.hash;
    const role = (await sql(`SELECT 1 FROM pg_roles WHERE rolname = $1`, [READER_ROLE])).length > 0;
    if (current === hash && role) return false;
    await createReaderRole(sql);
    for (const s of statements) await sql(s);
    await sql('INSERT INTO access_version (id, hash) VALUES (1, $1) ON CONFLICT (id) DO UPDATE SET hash = excluded.hash', [hash]);
    return true;
  });
}

async function createReaderRole(sql: Sql): Promise<void> {
  // Roles belong to the whole cluster: another team database may have created it already.
  await sql(`DO $$ BEGIN
      CREATE ROLE ${READER_ROLE} NOLOGIN;
    EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
    END $$`);
  try {
    await sql(`GRANT ${READER_ROLE} TO CURRENT_USER`);
  } catch (err) {
    throw new Error(`The database user must be allowed to use the role ${READER_ROLE} (it reads people's views under row-level security). `
      + `As a PostgreSQL superuser run: GRANT ${READER_ROLE} TO <the server's database user>; (${(err as Error).message})`);
  }
  await sql(`GRANT USAGE ON SCHEMA public TO ${READER_ROLE}`);
}

/**
 * Runs `fn` as `userId` would read: a read-only transaction under the reader role, so
 * row-level security decides every row it sees.
 */
export async function asViewer<T>(pool: Pool, userId: string, fn: (sql: Sql) => Promise<T>): Promise<T> {
  return inTransaction(pool, async (sql) => {
    // one round trip (no parameters: the simple protocol takes both statements)
    await sql(`SET TRANSACTION READ ONLY; SET LOCAL ROLE ${READER_ROLE}`);
    await sql(`SELECT set_config('switchboard.user_id', $1, true)`, [userId]);
    return fn(sql);
  });
}
