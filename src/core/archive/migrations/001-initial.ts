import type { Migration } from './index';

/**
 * The first schema. Conventions: times are Unix milliseconds; WhatsApp ids are the
 * serialized strings whatsapp-web.js gives (`123@c.us`, `false_123@c.us_ABC`); side tables
 * (revisions, revocations, reactions, media) are keyed by the message's WhatsApp id, not by
 * its rowid, so they can arrive before the message and still converge.
 */
export const m001Initial: Migration = {
  version: 1,
  name: 'initial',
  up(db) {
    db.exec(`
      CREATE TABLE people (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        role TEXT NOT NULL CHECK (role IN ('rep', 'admin')),
        active INTEGER NOT NULL DEFAULT 1,
        created_at INTEGER NOT NULL
      );

      CREATE TABLE accounts (
        id TEXT PRIMARY KEY,
        label TEXT NOT NULL,
        phone TEXT,
        owner_id TEXT REFERENCES people(id),
        state TEXT NOT NULL DEFAULT 'stopped',
        state_detail TEXT,
        state_changed_at INTEGER,
        partition_id TEXT NOT NULL UNIQUE,
        proxy TEXT,
        sort_order INTEGER NOT NULL DEFAULT 0,
        me_wa_id TEXT,
        created_at INTEGER NOT NULL,
        removed_at INTEGER
      );
      CREATE INDEX accounts_owner ON accounts(owner_id);

      CREATE TABLE chats (
        id INTEGER PRIMARY KEY,
        account_id TEXT NOT NULL REFERENCES accounts(id),
        wa_id TEXT NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('direct', 'group', 'community', 'community_announce', 'broadcast', 'channel', 'status')),
        name TEXT,
        name_at INTEGER,
        parent_wa_id TEXT,
        observed_at INTEGER,
        archived INTEGER NOT NULL DEFAULT 0,
        mute_until INTEGER,
        read_only INTEGER NOT NULL DEFAULT 0,
        wa_unread INTEGER NOT NULL DEFAULT 0,
        created_at INTEGER,
        last_message_ts INTEGER,
        last_message_id INTEGER,
        last_message_wa_id TEXT,
        last_seen_ts INTEGER NOT NULL DEFAULT 0,
        known INTEGER NOT NULL DEFAULT 0,
        UNIQUE (account_id, wa_id)
      );
      CREATE INDEX chats_recent ON chats(last_message_ts DESC);
      CREATE INDEX chats_account_recent ON chats(account_id, last_message_ts DESC);
      CREATE INDEX chats_parent ON chats(account_id, parent_wa_id) WHERE parent_wa_id IS NOT NULL;

      CREATE TABLE contacts (
        account_id TEXT NOT NULL REFERENCES accounts(id),
        wa_id TEXT NOT NULL,
        lid TEXT,
        phone TEXT,
        saved_name TEXT,
        saved_name_at INTEGER,
        push_name TEXT,
        push_name_at INTEGER,
        is_business INTEGER NOT NULL DEFAULT 0,
        is_me INTEGER NOT NULL DEFAULT 0,
        updated_at INTEGER NOT NULL,
        PRIMARY KEY (account_id, wa_id)
      ) WITHOUT ROWID;
      CREATE INDEX contacts_phone ON contacts(phone) WHERE phone IS NOT NULL;
      CREATE INDEX contacts_lid ON contacts(account_id, lid) WHERE lid IS NOT NULL;

      CREATE TABLE participants (
        account_id TEXT NOT NULL REFERENCES accounts(id),
        chat_wa_id TEXT NOT NULL,
        contact_wa_id TEXT NOT NULL,
        role TEXT NOT NULL CHECK (role IN ('member', 'admin', 'superadmin')),
        is_member INTEGER NOT NULL DEFAULT 1,
        since INTEGER,
        left_at INTEGER,
        PRIMARY KEY (account_id, chat_wa_id, contact_wa_id)
      ) WITHOUT ROWID;

      -- Membership is derived (apply/participants.ts) from full lists seen at some time and
      -- live notifications; both are kept so the derivation is order-independent.
      CREATE TABLE participant_sets (
        hash TEXT PRIMARY KEY,
        members TEXT NOT NULL
      ) WITHOUT ROWID;
      CREATE TABLE participant_snapshots (
        account_id TEXT NOT NULL REFERENCES accounts(id),
        chat_wa_id TEXT NOT NULL,
        at INTEGER NOT NULL,
        set_hash TEXT NOT NULL REFERENCES participant_sets(hash),
        PRIMARY KEY (account_id, chat_wa_id, at)
      ) WITHOUT ROWID;
      CREATE TABLE participant_events (
        id INTEGER PRIMARY KEY,
        account_id TEXT NOT NULL REFERENCES accounts(id),
        chat_wa_id TEXT NOT NULL,
        contact_wa_id TEXT NOT NULL,
        event TEXT NOT NULL CHECK (event IN ('join', 'leave', 'promote', 'demote')),
        at INTEGER NOT NULL,
        by_wa_id TEXT,
        -- 'live': a notification we captured; 'list': derived from two consecutive lists
        source TEXT NOT NULL CHECK (source IN ('live', 'list')),
        UNIQUE (account_id, chat_wa_id, contact_wa_id, event, at, source)
      );

      CREATE TABLE messages (
        id INTEGER PRIMARY KEY,
        account_id TEXT NOT NULL REFERENCES accounts(id),
        wa_id TEXT NOT NULL,
        chat_id INTEGER NOT NULL REFERENCES chats(id),
        sort_key INTEGER NOT NULL UNIQUE,
        sender_wa_id TEXT,
        from_me INTEGER NOT NULL,
        type TEXT NOT NULL,
        body TEXT,
        caption TEXT,
        ts INTEGER NOT NULL,
        received_at INTEGER NOT NULL,
        ack INTEGER NOT NULL DEFAULT 0,
        quoted_wa_id TEXT,
        forwarded INTEGER NOT NULL DEFAULT 0,
        forwarding_score INTEGER NOT NULL DEFAULT 0,
        location TEXT,
        vcards TEXT,
        links TEXT,
        mentions TEXT,
        has_media INTEGER NOT NULL DEFAULT 0,
        subtype TEXT,
        stub INTEGER NOT NULL DEFAULT 0,
        raw TEXT,
        raw_rank TEXT,
        UNIQUE (account_id, wa_id)
      );
      CREATE INDEX messages_thread ON messages(chat_id, sort_key, from_me);
      CREATE INDEX messages_sender ON messages(account_id, sender_wa_id, sort_key);

      -- acks that arrived before their message; folded in when it arrives
      CREATE TABLE pending_acks (
        account_id TEXT NOT NULL,
        msg_wa_id TEXT NOT NULL,
        ack INTEGER NOT NULL,
        PRIMARY KEY (account_id, msg_wa_id)
      ) WITHOUT ROWID;

      CREATE TABLE revisions (
        account_id TEXT NOT NULL,
        msg_wa_id TEXT NOT NULL,
        edited_at INTEGER NOT NULL,
        body TEXT NOT NULL,
        PRIMARY KEY (account_id, msg_wa_id, edited_at)
      ) WITHOUT ROWID;

      CREATE TABLE revocations (
        account_id TEXT NOT NULL,
        msg_wa_id TEXT NOT NULL,
        scope TEXT NOT NULL CHECK (scope IN ('everyone', 'me')),
        at INTEGER NOT NULL,
        by_wa_id TEXT,
        PRIMARY KEY (account_id, msg_wa_id, scope)
      ) WITHOUT ROWID;

      CREATE TABLE reactions (
        account_id TEXT NOT NULL,
        msg_wa_id TEXT NOT NULL,
        sender_wa_id TEXT NOT NULL,
        emoji TEXT NOT NULL,
        at INTEGER NOT NULL,
        PRIMARY KEY (account_id, msg_wa_id, sender_wa_id)
      ) WITHOUT ROWID;

      CREATE TABLE media_files (
        sha256 TEXT PRIMARY KEY CHECK (length(sha256) = 64),
        size INTEGER NOT NULL,
        mime TEXT,
        stored_at INTEGER NOT NULL
      ) WITHOUT ROWID;

      CREATE TABLE message_media (
        account_id TEXT NOT NULL,
        msg_wa_id TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('pending', 'stored', 'expired', 'failed', 'too_large')),
        sha256 TEXT,
        mime TEXT,
        size INTEGER,
        filename TEXT,
        detail TEXT,
        updated_at INTEGER NOT NULL,
        PRIMARY KEY (account_id, msg_wa_id)
      ) WITHOUT ROWID;
      CREATE INDEX message_media_status ON message_media(status) WHERE status = 'pending';

      CREATE TABLE chat_sync (
        account_id TEXT NOT NULL,
        chat_wa_id TEXT NOT NULL,
        oldest_ts INTEGER,
        newest_ts INTEGER,
        complete INTEGER NOT NULL DEFAULT 0,
        last_sync_at INTEGER,
        PRIMARY KEY (account_id, chat_wa_id)
      ) WITHOUT ROWID;

      CREATE TABLE gaps (
        id INTEGER PRIMARY KEY,
        account_id TEXT NOT NULL,
        chat_wa_id TEXT NOT NULL,
        from_ts INTEGER NOT NULL,
        to_ts INTEGER NOT NULL,
        reason TEXT NOT NULL,
        detected_at INTEGER NOT NULL,
        resolved_at INTEGER,
        UNIQUE (account_id, chat_wa_id, from_ts, to_ts)
      );

      CREATE TABLE settings (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
      );

      CREATE TABLE audit_log (
        seq INTEGER PRIMARY KEY,
        at INTEGER NOT NULL,
        actor TEXT NOT NULL,
        action TEXT NOT NULL,
        target TEXT,
        detail TEXT NOT NULL,
        prev_hash TEXT NOT NULL,
        hash TEXT NOT NULL
      );
      CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
        BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
      CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
        BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;

      -- Pre-segmented text (see search-text) in "text"; filter tokens in "meta".
      CREATE VIRTUAL TABLE message_fts USING fts5(
        text, meta, content='', contentless_delete=1, prefix='3',
        tokenize="unicode61 remove_diacritics 2 tokenchars '_'"
      );
    `);
  },
};
