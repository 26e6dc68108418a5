import type { Db } from '../open';
import { toDb } from '../text-codec';
import { type Domain, statements } from './context';

/** Translations (migration 002): the newer timestamp wins, ties broken by value, so any order converges. */
export function translationDomain(db: Db): Domain<'translation' | 'translationCache' | 'translatePref' | 'detectedLanguage'> {
  const s = statements(db, {
    translationPut: `INSERT INTO message_translations (account_id, msg_wa_id, lang, text, src_lang, provider, source_hash, translated_at)
      VALUES (@accountId, @messageId, @lang, @text, @srcLang, @provider, @sourceHash, @at)
      ON CONFLICT DO UPDATE SET text = excluded.text, src_lang = excluded.src_lang, provider = excluded.provider,
        source_hash = excluded.source_hash, translated_at = excluded.translated_at
      WHERE excluded.translated_at > translated_at OR (excluded.translated_at = translated_at AND excluded.text > text)`,
    cachePut: `INSERT INTO translation_cache (text_hash, src_lang, dst_lang, provider, text, detected_lang, glossary_rev, created_at)
      VALUES (@textHash, @from, @to, @provider, @text, @detectedLang, @glossaryRev, @at)
      ON CONFLICT DO UPDATE SET text = excluded.text, detected_lang = excluded.detected_lang,
        glossary_rev = excluded.glossary_rev, created_at = excluded.created_at
      WHERE excluded.created_at > created_at OR (excluded.created_at = created_at AND excluded.text > text)`,
    prefRow: 'INSERT INTO translate_prefs (account_id, scope, wa_id) VALUES (?, ?, ?) ON CONFLICT DO NOTHING',
    prefAuto: `UPDATE translate_prefs SET auto_translate = @v, auto_at = @at WHERE account_id = @accountId AND scope = @scope AND wa_id = @id
      AND (auto_at IS NULL OR @at > auto_at OR (@at = auto_at AND coalesce(@v, -1) > coalesce(auto_translate, -1)))`,
    prefTarget: `UPDATE translate_prefs SET target_lang = @v, target_at = @at WHERE account_id = @accountId AND scope = @scope AND wa_id = @id
      AND (target_at IS NULL OR @at > target_at OR (@at = target_at AND coalesce(@v, '') > coalesce(target_lang, '')))`,
    prefLang: `UPDATE translate_prefs SET lang_override = @v, override_at = @at WHERE account_id = @accountId AND scope = @scope AND wa_id = @id
      AND (override_at IS NULL OR @at > override_at OR (@at = override_at AND coalesce(@v, '') > coalesce(lang_override, '')))`,
    prefDetected: `UPDATE translate_prefs SET detected_lang = @lang, detected_confidence = @confidence, detected_samples = @samples,
        detected_at = @at WHERE account_id = @accountId AND scope = 'contact' AND wa_id = @contactId
      AND (detected_at IS NULL OR @at > detected_at OR (@at = detected_at AND @lang > detected_lang))`,
  });
  return {
    translation(ctx, op) {
      if (s.translationPut.run({ ...op, text: toDb(op.text) }).changes > 0) ctx.reindex(op.accountId, op.messageId);
    },
    translationCache(_ctx, op) {
      s.cachePut.run({ ...op, text: toDb(op.text) });
    },
    translatePref(_ctx, op) {
      s.prefRow.run(op.accountId, op.scope, op.id);
      const key = { accountId: op.accountId, scope: op.scope, id: op.id, at: op.at };
      if (op.autoTranslate !== undefined) s.prefAuto.run({ ...key, v: op.autoTranslate === null ? null : Number(op.autoTranslate) });
      if (op.targetLang !== undefined) s.prefTarget.run({ ...key, v: op.targetLang });
      if (op.language !== undefined) s.prefLang.run({ ...key, v: op.language });
    },
    detectedLanguage(_ctx, op) {
      s.prefRow.run(op.accountId, 'contact', op.contactId);
      s.prefDetected.run(op);
    },
  };
}
