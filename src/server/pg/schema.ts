/**
 * The team archive's schema in PostgreSQL: the local archive's tables (src/core/archive/
 * migrations) with the same columns and meanings, so the PostgreSQL applier can apply the
 * same operations with the same rules and the same normalized state comes out. Differences,
 * each on purpose:
 * - text columns are `COLLATE "C"`: ties between values are broken by comparing them, and
 *   SQLite compares bytes; a locale collation would pick another winner.
 * - times and flags are bigint/integer as in SQLite (0/1 flags), so state compares 1:1.
 * - search is a tsvector built from the local tokenizer's tokens (message_search).
 * Team tables (people with logins, devices, enrollment, outbox acknowledgements, the server
 * audit chain) are added by the team server's own migrations on top of this.
 */

export interface PgMigration {
  version: number;
  name: string;
  sql: string;
}

const T = 'text COLLATE "C"';

export const ARCHIVE_MIGRATIONS: readonly PgMigration[] = [
  {
    version: 1,
    name: 'archive',
    sql: `
      CREATE TABLE people (
        id ${T} PRIMARY KEY,
        name ${T} NOT NULL,
        role ${T} NOT NULL CHECK (role IN ('rep', 'admin')),
        active integer NOT NULL DEFAULT 1,
        created_at bigint NOT NULL
      );

      CREATE TABLE accounts (
        id ${T} PRIMARY KEY,
        label ${T} NOT NULL,
        phone ${T},
        owner_id ${T},
        state ${T} NOT NULL DEFAULT 'stopped',
        state_detail ${T},
        state_changed_at bigint,
        partition_id ${T} NOT NULL,
        proxy ${T},
        sort_order integer NOT NULL DEFAULT 0,
        me_wa_id ${T},
        created_at bigint NOT NULL,
        removed_at bigint
      );
      CREATE INDEX accounts_owner ON accounts(owner_id);

      CREATE TABLE chats (
        id bigserial PRIMARY KEY,
        account_id ${T} NOT NULL,
        wa_id ${T} NOT NULL,
        kind ${T} NOT NULL CHECK (kind IN ('direct', 'group', 'community', 'community_announce', 'broadcast', 'channel', 'status')),
        name ${T},
        name_at bigint,
        parent_wa_id ${T},
        observed_at bigint,
        archived integer NOT NULL DEFAULT 0,
        mute_until bigint,
        read_only integer NOT NULL DEFAULT 0,
        wa_unread integer NOT NULL DEFAULT 0,
        created_at bigint,
        last_message_ts bigint,
        last_message_id bigint,
        last_message_wa_id ${T},
        last_seen_ts bigint NOT NULL DEFAULT 0,
        known integer NOT NULL DEFAULT 0,
        UNIQUE (account_id, wa_id)
      );
      CREATE INDEX chats_account_recent ON chats(account_id, last_message_ts DESC);
      CREATE INDEX chats_direct ON chats(wa_id) WHERE kind = 'direct';

      CREATE TABLE contacts (
        account_id ${T} NOT NULL,
        wa_id ${T} NOT NULL,
        lid ${T},
        phone ${T},
        saved_name ${T},
        saved_name_at bigint,
        push_name ${T},
        push_name_at bigint,
        is_business integer NOT NULL DEFAULT 0,
        is_me integer NOT NULL DEFAULT 0,
        updated_at bigint NOT NULL,
        PRIMARY KEY (account_id, wa_id)
      );
      CREATE INDEX contacts_phone ON contacts(phone) WHERE phone IS NOT NULL;

      CREATE TABLE participants (
        account_id ${T} NOT NULL,
        chat_wa_id ${T} NOT NULL,
        contact_wa_id ${T} NOT NULL,
        role ${T} NOT NULL CHECK (role IN ('member', 'admin', 'superadmin')),
        is_member integer NOT NULL DEFAULT 1,
        since bigint,
        left_at bigint,
        PRIMARY KEY (account_id, chat_wa_id, contact_wa_id)
      );
      CREATE TABLE participant_sets (
        hash ${T} PRIMARY KEY,
        members ${T} NOT NULL
      );
      CREATE TABLE participant_snapshots (
        account_id ${T} NOT NULL,
        chat_wa_id ${T} NOT NULL,
        at bigint NOT NULL,
        set_hash ${T} NOT NULL REFERENCES participant_sets(hash),
        PRIMARY KEY (account_id, chat_wa_id, at)
      );
      CREATE TABLE participant_events (
        id bigserial PRIMARY KEY,
        account_id ${T} NOT NULL,
        chat_wa_id ${T} NOT NULL,
        contact_wa_id ${T} NOT NULL,
        event ${T} NOT NULL CHECK (event IN ('join', 'leave', 'promote', 'demote')),
        at bigint NOT NULL,
        by_wa_id ${T},
        source ${T} NOT NULL CHECK (source IN ('live', 'list')),
        UNIQUE (account_id, chat_wa_id, contact_wa_id, event, at, source)
      );

      CREATE TABLE messages (
        id bigserial PRIMARY KEY,
        account_id ${T} NOT NULL,
        wa_id ${T} NOT NULL,
        chat_id bigint NOT NULL REFERENCES chats(id),
        sort_key bigint NOT NULL UNIQUE,
        sender_wa_id ${T},
        from_me integer NOT NULL,
        type ${T} NOT NULL,
        body ${T},
        caption ${T},
        ts bigint NOT NULL,
        received_at bigint NOT NULL,
        ack integer NOT NULL DEFAULT 0,
        quoted_wa_id ${T},
        forwarded integer NOT NULL DEFAULT 0,
        forwarding_score integer NOT NULL DEFAULT 0,
        location ${T},
        vcards ${T},
        links ${T},
        mentions ${T},
        has_media integer NOT NULL DEFAULT 0,
        subtype ${T},
        stub integer NOT NULL DEFAULT 0,
        raw ${T},
        raw_rank ${T},
        UNIQUE (account_id, wa_id)
      );
      CREATE INDEX messages_thread ON messages(chat_id, sort_key);
      CREATE INDEX messages_sender ON messages(account_id, sender_wa_id, sort_key);

      CREATE TABLE pending_acks (
        account_id ${T} NOT NULL,
        msg_wa_id ${T} NOT NULL,
        ack integer NOT NULL,
        PRIMARY KEY (account_id, msg_wa_id)
      );
      CREATE TABLE revisions (
        account_id ${T} NOT NULL,
        msg_wa_id ${T} NOT NULL,
        edited_at bigint NOT NULL,
        body ${T} NOT NULL,
        PRIMARY KEY (account_id, msg_wa_id, edited_at)
      );
      CREATE TABLE revocations (
        account_id ${T} NOT NULL,
        msg_wa_id ${T} NOT NULL,
        scope ${T} NOT NULL CHECK (scope IN ('everyone', 'me')),
        at bigint NOT NULL,
        by_wa_id ${T},
        PRIMARY KEY (account_id, msg_wa_id, scope)
      );
      CREATE TABLE reactions (
        account_id ${T} NOT NULL,
        msg_wa_id ${T} NOT NULL,
        sender_wa_id ${T} NOT NULL,
        emoji ${T} NOT NULL,
        at bigint NOT NULL,
        PRIMARY KEY (account_id, msg_wa_id, sender_wa_id)
      );
      CREATE TABLE media_files (
        sha256 ${T} PRIMARY KEY CHECK (length(sha256) = 64),
        size bigint NOT NULL,
        mime ${T},
        stored_at bigint NOT NULL
      );
      CREATE TABLE message_media (
        account_id ${T} NOT NULL,
        msg_wa_id ${T} NOT NULL,
        status ${T} NOT NULL CHECK (status IN ('pending', 'stored', 'expired', 'failed', 'too_large')),
        sha256 ${T},
        mime ${T},
        size bigint,
        filename ${T},
        detail ${T},
        updated_at bigint NOT NULL,
        PRIMARY KEY (account_id, msg_wa_id)
      );
      CREATE INDEX message_media_sha ON message_media(sha256) WHERE sha256 IS NOT NULL;

      CREATE TABLE chat_sync (
        account_id ${T} NOT NULL,
        chat_wa_id ${T} NOT NULL,
        oldest_ts bigint,
        newest_ts bigint,
        complete integer NOT NULL DEFAULT 0,
        last_sync_at bigint,
        PRIMARY KEY (account_id, chat_wa_id)
      );
      CREATE TABLE gaps (
        id bigserial PRIMARY KEY,
        account_id ${T} NOT NULL,
        chat_wa_id ${T} NOT NULL,
        from_ts bigint NOT NULL,
        to_ts bigint NOT NULL,
        reason ${T} NOT NULL,
        detected_at bigint NOT NULL,
        resolved_at bigint,
        UNIQUE (account_id, chat_wa_id, from_ts, to_ts)
      );
      CREATE TABLE history_fills (
        account_id ${T} NOT NULL,
        chat_wa_id ${T} NOT NULL,
        from_ts bigint NOT NULL,
        to_ts bigint NOT NULL,
        source ${T} NOT NULL,
        filled_at bigint NOT NULL,
        PRIMARY KEY (account_id, chat_wa_id, from_ts, to_ts)
      );

      CREATE TABLE settings (
        key ${T} PRIMARY KEY,
        value ${T} NOT NULL
      );

      -- The archive audit entries replicated from desktops, one chain per origin.
      CREATE TABLE audit_log (
        origin ${T} NOT NULL,
        seq bigint NOT NULL,
        at bigint NOT NULL,
        actor ${T} NOT NULL,
        action ${T} NOT NULL,
        target ${T},
        detail ${T} NOT NULL,
        prev_hash ${T} NOT NULL,
        hash ${T} NOT NULL,
        PRIMARY KEY (origin, seq)
      );

      CREATE TABLE translation_cache (
        text_hash ${T} NOT NULL CHECK (length(text_hash) = 64),
        src_lang ${T} NOT NULL,
        dst_lang ${T} NOT NULL,
        provider ${T} NOT NULL,
        text ${T} NOT NULL,
        detected_lang ${T},
        glossary_rev ${T} NOT NULL DEFAULT '',
        created_at bigint NOT NULL,
        PRIMARY KEY (text_hash, src_lang, dst_lang, provider)
      );
      CREATE TABLE message_translations (
        account_id ${T} NOT NULL,
        msg_wa_id ${T} NOT NULL,
        lang ${T} NOT NULL,
        text ${T} NOT NULL,
        src_lang ${T},
        provider ${T} NOT NULL,
        source_hash ${T} NOT NULL,
        translated_at bigint NOT NULL,
        PRIMARY KEY (account_id, msg_wa_id, lang)
      );
      CREATE TABLE translate_prefs (
        account_id ${T} NOT NULL,
        scope ${T} NOT NULL CHECK (scope IN ('chat', 'contact')),
        wa_id ${T} NOT NULL,
        auto_translate integer,
        auto_at bigint,
        target_lang ${T},
        target_at bigint,
        lang_override ${T},
        override_at bigint,
        detected_lang ${T},
        detected_confidence double precision,
        detected_samples integer,
        detected_at bigint,
        PRIMARY KEY (account_id, scope, wa_id)
      );

      CREATE TABLE customers (
        id ${T} PRIMARY KEY,
        name ${T}, name_at bigint,
        company ${T}, company_at bigint,
        country ${T}, country_at bigint,
        time_zone ${T}, time_zone_at bigint,
        language ${T}, language_at bigint,
        owner_id ${T}, owner_at bigint,
        stage ${T} CHECK (stage IN ('inquiry', 'quote', 'sample', 'pi', 'order', 'lost')), stage_at bigint,
        created_at bigint NOT NULL
      );
      CREATE TABLE customer_stage_events (
        customer_id ${T} NOT NULL,
        at bigint NOT NULL,
        stage ${T} NOT NULL,
        by_id ${T},
        PRIMARY KEY (customer_id, at, stage)
      );
      CREATE TABLE customer_tags (
        customer_id ${T} NOT NULL,
        tag ${T} NOT NULL,
        present integer NOT NULL,
        at bigint NOT NULL,
        PRIMARY KEY (customer_id, tag)
      );
      CREATE TABLE customer_notes (
        id ${T} PRIMARY KEY,
        customer_id ${T} NOT NULL,
        author_id ${T},
        body ${T} NOT NULL,
        at bigint NOT NULL
      );
      CREATE TABLE follow_ups (
        id ${T} PRIMARY KEY,
        customer_id ${T} NOT NULL,
        text ${T},
        due_at bigint,
        assignee_id ${T},
        details_at bigint,
        details_by ${T},
        done integer NOT NULL DEFAULT 0,
        status_at bigint,
        status_by ${T},
        created_at bigint NOT NULL
      );
      CREATE TABLE customer_links (
        account_id ${T} NOT NULL,
        contact_wa_id ${T} NOT NULL,
        customer_id ${T},
        at bigint NOT NULL,
        PRIMARY KEY (account_id, contact_wa_id)
      );
      CREATE TABLE customer_merges (
        from_id ${T} PRIMARY KEY,
        into_id ${T},
        at bigint NOT NULL
      );

      -- Full-text search: the local tokenizer's tokens as a tsvector (same folding, Chinese
      -- bigrams, phone digits), one row per message, newest first by sort key.
      CREATE TABLE message_search (
        message_id bigint PRIMARY KEY REFERENCES messages(id),
        account_id ${T} NOT NULL,
        chat_id bigint NOT NULL,
        sort_key bigint NOT NULL,
        tsv tsvector NOT NULL
      );
      CREATE INDEX message_search_tsv ON message_search USING gin (tsv);
      CREATE INDEX message_search_recent ON message_search(sort_key DESC);
    `,
  },
  {
    // One local archive holds one PC's accounts and keeps sort keys unique across them; the
    // team archive holds every PC's, and a message seen by two accounts (a group) or two
    // accounts' messages in the same millisecond would fight over one key. Across the whole
    // table, concurrent pushes of different accounts waited on each other's uncommitted keys
    // (and deadlocked); per account, they never meet: an account's pushes are serialized by its
    // advisory lock already, and within an account the keys are what its desktop computes.
    // The search rows are derived from messages in the same transaction that writes them;
    // a foreign key check per row bought nothing but a lookup on every insert.
    version: 2,
    name: 'sort keys unique per account; search rows without a per-row check',
    sql: `
      ALTER TABLE messages DROP CONSTRAINT messages_sort_key_key;
      ALTER TABLE messages ADD CONSTRAINT messages_account_sort_key UNIQUE (account_id, sort_key);
      ALTER TABLE message_search DROP CONSTRAINT message_search_message_id_fkey;
    `,
  },
  {
    // The visibility it applies is access.ts's (sb_is_admin, sb_visible_accounts): called
    // only in a session that took the reader role, so an archive without the team schema
    // (the tests of the appliers) searches too.
    version: 3,
    name: 'team search plans',
    sql: `
    -- Team search, newest first. Row-level security cannot serve it: the text match (@@) is not
    -- "leakproof", so under a policy PostgreSQL may not use the GIN index for it and reads every
    -- visible row. This runs as the tables' owner with the same visibility written out
    -- (sb_visible_accounts); a session that did not SET ROLE (the server itself) could read the
    -- table anyway and sees all, as an admin does. Three forced plans, chosen by pgSearch (read/search.ts):
    --   recent:  the newest p_window rows, filtered (a common word fills a page there);
    --   collect: up to p_n matches through the GIN index (a rare word has few);
    --   newest:  the time index from the newest, unbounded (a word common in older messages).
    -- plpgsql with EXECUTE: planned per call with the actual values and only the conditions
    -- given (a generic plan scanned the whole time index for an open range).
    CREATE OR REPLACE FUNCTION sb_search_keys(p_how text, p_q tsquery, p_lo bigint, p_hi bigint, p_accounts text[], p_kinds text[],
        p_chats text[], p_n int, p_window int)
      RETURNS TABLE (message_id bigint, sort_key bigint) LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp
      AS $$
      DECLARE
        cond text := 'true';
        newest constant text := ' ORDER BY s.sort_key DESC, s.message_id DESC';
      BEGIN
        IF p_lo > 0 OR p_hi < 9007199254740991 THEN cond := cond || ' AND s.sort_key BETWEEN $2 AND $3'; END IF;
        IF current_setting('role') <> 'none' THEN
          IF NOT sb_is_admin() THEN cond := cond || ' AND s.account_id = ANY ((SELECT sb_visible_accounts())::text[])'; END IF;
        END IF;
        IF p_accounts IS NOT NULL THEN cond := cond || ' AND s.account_id = ANY ($4)'; END IF;
        IF p_kinds IS NOT NULL OR p_chats IS NOT NULL THEN
          cond := cond || ' AND EXISTS (SELECT 1 FROM chats c WHERE c.id = s.chat_id AND ($5 IS NULL OR c.kind = ANY ($5)) AND ($6 IS NULL OR c.wa_id = ANY ($6)))';
        END IF;
        IF p_how = 'collect' THEN
          PERFORM set_config('enable_indexscan', 'off', true), set_config('enable_seqscan', 'off', true);
          RETURN QUERY EXECUTE 'SELECT s.message_id, s.sort_key FROM message_search s WHERE s.tsv @@ $1 AND ' || cond || ' LIMIT $7'
            USING p_q, p_lo, p_hi, p_accounts, p_kinds, p_chats, p_n;
          PERFORM set_config('enable_indexscan', 'on', true), set_config('enable_seqscan', 'on', true);
        ELSE
          PERFORM set_config('enable_bitmapscan', 'off', true);
          IF p_how = 'recent' THEN
            RETURN QUERY EXECUTE 'SELECT w.message_id, w.sort_key FROM (SELECT s.message_id, s.sort_key, s.tsv FROM message_search s WHERE '
              || cond || newest || ' LIMIT $8) w WHERE w.tsv @@ $1 ORDER BY w.sort_key DESC, w.message_id DESC LIMIT $7'
              USING p_q, p_lo, p_hi, p_accounts, p_kinds, p_chats, p_n, p_window;
          ELSE
            RETURN QUERY EXECUTE 'SELECT s.message_id, s.sort_key FROM message_search s WHERE s.tsv @@ $1 AND ' || cond || newest || ' LIMIT $7'
              USING p_q, p_lo, p_hi, p_accounts, p_kinds, p_chats, p_n;
          END IF;
          PERFORM set_config('enable_bitmapscan', 'on', true);
        END IF;
      END $$;
    `,
  },
  {
    // PostgreSQL matches a typed prefix ('ship':*) by gathering every row of every word that
    // begins with it into a bitmap before the AND: two common prefixes took ~30 ms at 2M
    // messages, where the same words typed whole take ~4 (GIN then skips through the rarer
    // list). Search turns a prefix into the words it stands for (read/search.ts), from this
    // vocabulary. It holds every word of the index that starts with a-z (a class closed under
    // prefixes: a prefix in it has all its words here), kept by the statement that writes the
    // search rows, in its transaction, so it is never behind the index. Other scripts, digits
    // and single Chinese characters keep PostgreSQL's prefix match.
    version: 4,
    name: 'search vocabulary for prefixes',
    sql: `
      CREATE TABLE search_words (word ${T} PRIMARY KEY);
      INSERT INTO search_words SELECT DISTINCT w COLLATE "C" FROM message_search, unnest(tsvector_to_array(tsv)) w
        WHERE w COLLATE "C" ~ '^[a-z]' ON CONFLICT DO NOTHING;
      -- in order: two pushes adding the same new words wait for each other's commit, and one
      -- statement cannot deadlock with another (pushes of several statements rarely can; retried)
      CREATE FUNCTION sb_note_search_words() RETURNS trigger LANGUAGE plpgsql AS $fn$
        BEGIN
          INSERT INTO search_words SELECT DISTINCT w COLLATE "C" FROM new_rows, unnest(tsvector_to_array(new_rows.tsv)) w
            WHERE w COLLATE "C" ~ '^[a-z]' ORDER BY 1 ON CONFLICT DO NOTHING;
          RETURN NULL;
        END $fn$;
      CREATE TRIGGER message_search_words_insert AFTER INSERT ON message_search REFERENCING NEW TABLE AS new_rows
        FOR EACH STATEMENT EXECUTE FUNCTION sb_note_search_words();
      CREATE TRIGGER message_search_words_update AFTER UPDATE ON message_search REFERENCING NEW TABLE AS new_rows
        FOR EACH STATEMENT EXECUTE FUNCTION sb_note_search_words();
      -- what each typed prefix stands for: up to p_max + 1 words (more: the caller keeps the
      -- prefix). The words of a prefix come first among those not below it (byte order), so
      -- reading p_max + 1 words from the prefix on is enough.
      CREATE FUNCTION sb_search_words(p_prefixes text[], p_max int) RETURNS TABLE (prefix text, words text[])
        LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
        AS $fn$
          SELECT p, ARRAY(SELECT w FROM (SELECT word AS w FROM search_words WHERE word >= p COLLATE "C" ORDER BY word LIMIT p_max + 1) x
            WHERE starts_with(w, p COLLATE "C") ORDER BY w)
            FROM unnest(p_prefixes) p $fn$;
    `,
  },
];
