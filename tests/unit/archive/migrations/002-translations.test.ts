import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BatchApplier } from '../../../../src/core/archive/apply/apply-batch';
import { generateKey } from '../../../../src/core/archive/key';
import { migrate, schemaVersion } from '../../../../src/core/archive/migrations';
import { type Db, openDatabase } from '../../../../src/core/archive/open';
import { ArchiveBatch } from '../../../../src/core/archive/operations';
import {
  CACHE_GET_SQL, MESSAGE_TRANSLATIONS_SQL, PREFS_SQL, SAMPLE_TEXTS_SQL, UNTRANSLATED_PAGE_SQL, messageTranslations, textHash,
  translatePrefs, translationCacheGet,
} from '../../../../src/core/archive/queries/translations';
import { tempDir } from '../../../helpers/temp';

const plan = (db: Db, sql: string, ...params: unknown[]) =>
  (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as { detail: string }[]).map((r) => r.detail).join('\n');

const fts = (db: Db, q: string) => (db.prepare('SELECT rowid FROM message_fts WHERE message_fts MATCH ?').all(`text : ${q}`) as { rowid: number }[])
  .map((r) => r.rowid);

describe('migration 002: translations', () => {
  it('from 1 to 2: keeps existing rows, adds the tables; translations join the search index; lookups use their keys', () => {
    const db = openDatabase(path.join(tempDir(), 'm.db'), generateKey(), { create: true });
    migrate(db, 1);
    // seed at schema 1 with plain SQL (what a v1 archive on a user's disk holds)
    db.exec(`
      INSERT INTO accounts (id, label, partition_id, created_at) VALUES ('acc-1', 'Sales 1', 'p-acc-1', 1);
      INSERT INTO chats (id, account_id, wa_id, kind) VALUES (1, 'acc-1', '34600000001@c.us', 'direct');
      INSERT INTO messages (account_id, wa_id, chat_id, sort_key, sender_wa_id, from_me, type, body, ts, received_at)
        VALUES ('acc-1', 'M1', 1, 1024000, '34600000001@c.us', 0, 'chat', '¿Cuál es el precio?', 1000, 1000);
      INSERT INTO message_fts (rowid, text, meta) VALUES (-1024000, 'Cuál es el precio', 'c_1');
    `);
    expect(schemaVersion(db)).toBe(1);

    migrate(db, 2);
    expect(schemaVersion(db)).toBe(2);
    expect(db.prepare('SELECT wa_id, body FROM messages').all()).toEqual([{ wa_id: 'M1', body: '¿Cuál es el precio?' }]);
    expect(fts(db, 'precio')).toEqual([-1024000]);
    for (const t of ['translation_cache', 'message_translations', 'translate_prefs']) {
      expect(db.prepare(`SELECT count(*) AS n FROM ${t}`).get()).toEqual({ n: 0 });
    }

    const at = 2000;
    new BatchApplier(db).apply(ArchiveBatch.parse([
      { op: 'translation', accountId: 'acc-1', messageId: 'M1', lang: 'en', text: 'What is the price?', srcLang: 'es',
        provider: 'apertium', sourceHash: textHash('¿Cuál es el precio?'), at },
      { op: 'translationCache', textHash: textHash('¿Cuál es el precio?'), from: 'es', to: 'en', provider: 'apertium', text: 'What is the price?', at },
      { op: 'translatePref', accountId: 'acc-1', scope: 'chat', id: '34600000001@c.us', at, autoTranslate: true, targetLang: 'zh' },
      { op: 'detectedLanguage', accountId: 'acc-1', contactId: '34600000001@c.us', lang: 'es', confidence: 0.9, samples: 12, at },
    ]));
    expect(fts(db, 'price')).toEqual([-1024000]);
    expect(fts(db, 'precio')).toEqual([-1024000]);
    expect(messageTranslations(db, { accountId: 'acc-1', messageIds: ['M1'], lang: 'en' })).toEqual([
      { messageId: 'M1', lang: 'en', text: 'What is the price?', srcLang: 'es', provider: 'apertium', translatedAt: at, stale: false },
    ]);
    expect(translationCacheGet(db, { hashes: [textHash('¿Cuál es el precio?')], from: 'es', to: 'en', provider: 'apertium' }))
      .toEqual([{ hash: textHash('¿Cuál es el precio?'), text: 'What is the price?', detectedLang: null }]);
    expect(translatePrefs(db, { accountId: 'acc-1', chatId: '34600000001@c.us', contactId: '34600000001@c.us' })).toMatchObject({
      effective: { autoTranslate: true, targetLang: 'zh' },
      contactLanguage: { language: 'es', source: 'detected' },
    });

    expect(plan(db, CACHE_GET_SQL, '["x"]', 'es', 'en', 'apertium', '')).toMatch(/translation_cache USING PRIMARY KEY/);
    expect(plan(db, MESSAGE_TRANSLATIONS_SQL, 'acc-1', '["M1"]', 'en')).toMatch(/SEARCH t USING PRIMARY KEY \(account_id=\? AND msg_wa_id=\? AND lang=\?\)/);
    expect(plan(db, PREFS_SQL, 'acc-1', 'chat', '["x"]')).toMatch(/translate_prefs USING PRIMARY KEY/);
    expect(plan(db, UNTRANSLATED_PAGE_SQL, 'en', 1, Number.MAX_SAFE_INTEGER, '[]', 100)).toMatch(/SEARCH m USING (COVERING )?INDEX messages_thread/);
    expect(plan(db, UNTRANSLATED_PAGE_SQL, 'en', 1, Number.MAX_SAFE_INTEGER, '[]', 100)).toMatch(/SEARCH t USING PRIMARY KEY \(account_id=\? AND msg_wa_id=\? AND lang=\?\)/);
    expect(plan(db, SAMPLE_TEXTS_SQL, 'acc-1', 'x', '[]', 30)).toMatch(/messages_sender/);
    db.close();
  });

  it('converges whatever the order: the newer translation and preference win', () => {
    const db = openDatabase(path.join(tempDir(), 'm.db'), generateKey(), { create: true, migrate: true });
    const ops = ArchiveBatch.parse([
      { op: 'translation', accountId: 'acc-1', messageId: 'M9', lang: 'en', text: 'old', provider: 'apertium', sourceHash: textHash('x'), at: 1 },
      { op: 'translation', accountId: 'acc-1', messageId: 'M9', lang: 'en', text: 'new', provider: 'deepl', sourceHash: textHash('x'), at: 2 },
      { op: 'translatePref', accountId: 'acc-1', scope: 'contact', id: 'c', at: 5, language: 'pt' },
      { op: 'translatePref', accountId: 'acc-1', scope: 'contact', id: 'c', at: 3, language: 'es', autoTranslate: false },
    ]);
    const a = new BatchApplier(db);
    for (const op of [...ops].reverse()) a.apply([op]);
    const row = db.prepare("SELECT text, provider FROM message_translations WHERE msg_wa_id = 'M9'").get();
    expect(row).toEqual({ text: 'new', provider: 'deepl' });
    expect(db.prepare("SELECT lang_override, auto_translate FROM translate_prefs WHERE wa_id = 'c'").get()).toEqual({ lang_override: 'pt', auto_translate: 0 });
    db.close();
  });
});
