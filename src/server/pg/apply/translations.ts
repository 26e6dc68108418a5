import type { PgDomain } from './context';

/** Newer timestamp wins, ties by value; each preference field converges on its own clock. */
const prefUpdate = (col: string, at: string, tie: string) => `UPDATE translate_prefs SET ${col} = $1, ${at} = $2
  WHERE account_id = $3 AND scope = $4 AND wa_id = $5
    AND (${at} IS NULL OR $2 > ${at} OR ($2 = ${at} AND ${tie}))`;

const PREF_AUTO = prefUpdate('auto_translate', 'auto_at', 'coalesce($1::integer, -1) > coalesce(auto_translate, -1)');
const PREF_TARGET = prefUpdate('target_lang', 'target_at', `coalesce($1::text, '') > coalesce(target_lang, '')`);
const PREF_LANG = prefUpdate('lang_override', 'override_at', `coalesce($1::text, '') > coalesce(lang_override, '')`);

export const translationOps: PgDomain<'translation' | 'translationCache' | 'translatePref' | 'detectedLanguage'> = {
  async translation(ctx, op) {
    const changed = await ctx.sql(`INSERT INTO message_translations AS t (account_id, msg_wa_id, lang, text, src_lang, provider, source_hash, translated_at)
      VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
      ON CONFLICT (account_id, msg_wa_id, lang) DO UPDATE SET text = excluded.text, src_lang = excluded.src_lang, provider = excluded.provider,
        source_hash = excluded.source_hash, translated_at = excluded.translated_at
      WHERE excluded.translated_at > t.translated_at OR (excluded.translated_at = t.translated_at AND excluded.text > t.text)
      RETURNING 1`,
    [op.accountId, op.messageId, op.lang, op.text, op.srcLang, op.provider, op.sourceHash, op.at]);
    if (changed.length > 0) await ctx.reindex(op.accountId, op.messageId);
  },
  async translationCache(ctx, op) {
    await ctx.sql(`INSERT INTO translation_cache AS t (text_hash, src_lang, dst_lang, provider, text, detected_lang, glossary_rev, created_at)
      VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
      ON CONFLICT (text_hash, src_lang, dst_lang, provider) DO UPDATE SET text = excluded.text, detected_lang = excluded.detected_lang,
        glossary_rev = excluded.glossary_rev, created_at = excluded.created_at
      WHERE excluded.created_at > t.created_at OR (excluded.created_at = t.created_at AND excluded.text > t.text)`,
    [op.textHash, op.from, op.to, op.provider, op.text, op.detectedLang, op.glossaryRev, op.at]);
  },
  async translatePref(ctx, op) {
    await ctx.sql(`INSERT INTO translate_prefs (account_id, scope, wa_id) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`,
      [op.accountId, op.scope, op.id]);
    const key = [op.at, op.accountId, op.scope, op.id];
    if (op.autoTranslate !== undefined) await ctx.sql(PREF_AUTO, [op.autoTranslate === null ? null : Number(op.autoTranslate), ...key]);
    if (op.targetLang !== undefined) await ctx.sql(PREF_TARGET, [op.targetLang, ...key]);
    if (op.language !== undefined) await ctx.sql(PREF_LANG, [op.language, ...key]);
  },
  async detectedLanguage(ctx, op) {
    await ctx.sql(`INSERT INTO translate_prefs (account_id, scope, wa_id) VALUES ($1, 'contact', $2) ON CONFLICT DO NOTHING`,
      [op.accountId, op.contactId]);
    await ctx.sql(`UPDATE translate_prefs SET detected_lang = $1, detected_confidence = $2, detected_samples = $3, detected_at = $4
      WHERE account_id = $5 AND scope = 'contact' AND wa_id = $6
        AND (detected_at IS NULL OR $4 > detected_at OR ($4 = detected_at AND $1 > detected_lang))`,
    [op.lang, op.confidence, op.samples, op.at, op.accountId, op.contactId]);
  },
};
