import type { Migration } from './index';

/**
 * Translations (issue 7). Like the other side tables, rows are keyed by WhatsApp ids, not
 * rowids, so a translation can be written before or after its message and still converge;
 * every column group carries its own timestamp and the newer write wins.
 *
 * - translation_cache: what a provider made of a text, keyed by (sha256 of the text, pair,
 *   provider). `glossary_rev` records the glossary the translation was made under; a lookup
 *   under another revision is a miss.
 * - message_translations: the translation of a message into a language, shown under the
 *   original and indexed in message_fts with it (cross-language search). `source_hash` is the
 *   hash of the text that was translated, so an edit makes it visibly stale.
 * - translate_prefs: per chat and per contact: auto-translate, target language, the contact's
 *   language as the user set it and as we detected it.
 */
export const m002Translations: Migration = {
  version: 2,
  name: 'translations',
  up(db) {
    db.exec(`
      CREATE TABLE translation_cache (
        text_hash TEXT NOT NULL CHECK (length(text_hash) = 64),
        src_lang TEXT NOT NULL,
        dst_lang TEXT NOT NULL,
        provider TEXT NOT NULL,
        text TEXT NOT NULL,
        detected_lang TEXT,
        glossary_rev TEXT NOT NULL DEFAULT '',
        created_at INTEGER NOT NULL,
        PRIMARY KEY (text_hash, src_lang, dst_lang, provider)
      ) WITHOUT ROWID;

      CREATE TABLE message_translations (
        account_id TEXT NOT NULL,
        msg_wa_id TEXT NOT NULL,
        lang TEXT NOT NULL,
        text TEXT NOT NULL,
        src_lang TEXT,
        provider TEXT NOT NULL,
        source_hash TEXT NOT NULL,
        translated_at INTEGER NOT NULL,
        PRIMARY KEY (account_id, msg_wa_id, lang)
      ) WITHOUT ROWID;

      CREATE TABLE translate_prefs (
        account_id TEXT NOT NULL,
        scope TEXT NOT NULL CHECK (scope IN ('chat', 'contact')),
        wa_id TEXT NOT NULL,
        auto_translate INTEGER,
        auto_at INTEGER,
        target_lang TEXT,
        target_at INTEGER,
        lang_override TEXT,
        override_at INTEGER,
        detected_lang TEXT,
        detected_confidence REAL,
        detected_samples INTEGER,
        detected_at INTEGER,
        PRIMARY KEY (account_id, scope, wa_id)
      ) WITHOUT ROWID;
    `);
  },
};
