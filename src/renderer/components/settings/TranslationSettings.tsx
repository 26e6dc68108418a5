import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { GlossaryEntryView, ProviderHealthView, ProviderView } from '../../../shared/translate-views';
import { type ProviderFormField, TRANSLATION_PROVIDERS } from '../../../shared/translation-providers';
import { call } from '../../api/client';
import { providerName } from '../../lib/languages';
import { reportError, toast } from '../../state/toasts';
import { translateErrorText } from '../translate/errors';
import { LanguageSelect } from '../translate/LanguageSelect';
import { Icon } from '../ui/icons';
import '../translate/translate.css';

/** baseUrl, apiKey and the provider's own form fields (a region, a model), as typed. */
type Draft = Record<string, string>;

const formFields = (p: ProviderView): readonly ProviderFormField[] => TRANSLATION_PROVIDERS[p.id].formFields;

const draftOf = (p: ProviderView): Draft => ({
  baseUrl: p.baseUrl ?? '',
  ...Object.fromEntries(formFields(p).map((f) => [f.name, String((p as unknown as Record<string, unknown>)[f.name] ?? '')])),
  apiKey: '',
});

/** One provider: on/off, order, address and model, a key that goes in and never comes back, and a connection test. */
function ProviderCard({ p, first, last, onChanged, onMove }: {
  p: ProviderView;
  first: boolean;
  last: boolean;
  onChanged: (list: ProviderView[]) => void;
  onMove: (dir: -1 | 1) => void;
}) {
  const { t } = useTranslation();
  const [draft, setDraft] = useState<Draft>(() => draftOf(p));
  const [health, setHealth] = useState<ProviderHealthView | 'unsaved' | null>(null);
  const [testing, setTesting] = useState(false);
  /** The switch follows the click at once; the saved state takes over when the call returns. */
  const [pendingOn, setPendingOn] = useState<boolean | null>(null);
  useEffect(() => setDraft((d) => ({ ...draftOf(p), apiKey: d.apiKey ?? '' })), [p]);
  const { key, defaultBaseUrl } = TRANSLATION_PROVIDERS[p.id];
  const keyless = key !== 'required';

  const save = async (patch: { enabled?: boolean; apiKey?: string | null } = {}) => {
    try {
      const list = await call('translate.configureProvider', {
        settings: {
          id: p.id,
          enabled: patch.enabled ?? (p.configured ? p.enabled : true),
          // empty: the provider's public endpoint (null), or its default address (omitted)
          baseUrl: draft.baseUrl?.trim() || (defaultBaseUrl === null ? null : undefined),
          ...Object.fromEntries(formFields(p).flatMap((f): Array<[string, string | null]> => {
            const v = draft[f.name]?.trim();
            return v ? [[f.name, v]] : f.empty === 'null' ? [[f.name, null]] : [];
          })),
        },
        ...(patch.apiKey !== undefined ? { apiKey: patch.apiKey } : draft.apiKey ? { apiKey: draft.apiKey } : {}),
      });
      setDraft((d) => ({ ...d, apiKey: '' }));
      setHealth(null);
      onChanged(list);
      toast('info', 'translate.settings.saved', { provider: providerName(p.id) });
    } catch (err) {
      reportError(err);
    } finally {
      setPendingOn(null);
    }
  };
  const test = async () => {
    setTesting(true);
    try {
      const [s] = await call('translate.providerStatus', { id: p.id });
      setHealth(s ? s.health : 'unsaved');
    } catch (err) {
      reportError(err);
    } finally {
      setTesting(false);
    }
  };
  /** `example`: the placeholder is a sample value (a region, a model), not UI text. */
  const field = (k: string, label: string, placeholder: string, { type = 'text', example = false } = {}) => (
    <label>
      <span>{label}</span>
      <input type={type} value={draft[k] ?? ''} placeholder={placeholder} spellCheck={false} autoComplete="off" translate={example ? 'no' : undefined}
        onChange={(e) => setDraft({ ...draft, [k]: e.target.value })} data-testid={`provider-${p.id}-${k}`} />
    </label>
  );
  const on = pendingOn ?? (p.configured && p.enabled);
  return (
    <li className={`provider ${on ? '' : 'is-off'}`} data-testid="provider" data-provider={p.id}>
      <div className="provider-head">
        <label className="menu-check">
          <input type="checkbox" checked={on} onChange={(e) => {
            setPendingOn(e.target.checked);
            void save({ enabled: e.target.checked });
          }} data-testid={`provider-${p.id}-enabled`} />
          <span className="provider-name" translate="no">{providerName(p.id)}</span>
        </label>
        <span className="toolbar-spacer" />
        {p.configured && (
          <>
            <button type="button" className="icon-button small" disabled={first} onClick={() => onMove(-1)}
              title={t('translate.settings.up')} aria-label={t('translate.settings.up')}><Icon name="arrowUp" size={14} /></button>
            <button type="button" className="icon-button small" disabled={last} onClick={() => onMove(1)}
              title={t('translate.settings.down')} aria-label={t('translate.settings.down')}><Icon name="arrowDown" size={14} /></button>
          </>
        )}
      </div>
      <div className="provider-fields">
        {field('baseUrl', t('translate.settings.url'), defaultBaseUrl ?? t('translate.settings.urlDefault'))}
        {formFields(p).map((f) => field(f.name, t(`translate.settings.${f.label}`), f.example, { example: true }))}
        {key !== 'none' && field('apiKey', keyless ? t('translate.settings.keyOptional') : t('translate.settings.key'),
          p.hasKey ? t('translate.settings.keySaved') : t('translate.settings.keyPlaceholder'), { type: 'password' })}
      </div>
      <div className="provider-actions">
        <button type="button" className="button small" onClick={() => void save()} data-testid={`provider-${p.id}-save`}>{t('common.save')}</button>
        <button type="button" className="button small ghost" onClick={() => void test()} disabled={testing} data-testid={`provider-${p.id}-test`}>
          {testing ? t('translate.settings.testing') : t('translate.settings.test')}
        </button>
        {p.hasKey && (
          <button type="button" className="button small ghost" onClick={() => void save({ apiKey: null })}>{t('translate.settings.clearKey')}</button>
        )}
        {health && (
          <span className={`provider-health ${health !== 'unsaved' && health.ok ? 'is-ok' : 'is-bad'}`} data-testid={`provider-${p.id}-health`}>
            {health === 'unsaved' ? t('translate.settings.saveFirst')
              : health.ok ? t('translate.settings.ok', { ms: health.latencyMs, detail: health.detail ?? '' })
                : health.error ? translateErrorText(t, health.error) : t('translate.settings.failed')}
          </span>
        )}
      </div>
    </li>
  );
}

/** Term pairs and words kept as they are, applied by every provider that can. */
function GlossaryEditor() {
  const { t } = useTranslation();
  const [entries, setEntries] = useState<GlossaryEntryView[] | null>(null);
  useEffect(() => {
    call('translate.glossary', {}).then((g) => setEntries(g.entries)).catch(reportError);
  }, []);
  if (!entries) return null;
  const put = (i: number, e: GlossaryEntryView) => setEntries(entries.map((x, k) => (k === i ? e : x)));
  const save = async () => {
    try {
      const clean = entries.flatMap((e): GlossaryEntryView[] => {
        if (e.kind === 'keep') return e.term.trim() ? [e] : [];
        const terms = Object.fromEntries(Object.entries(e.terms).filter(([l, v]) => l && v.trim()));
        return Object.keys(terms).length >= 2 ? [{ ...e, terms }] : [];
      });
      setEntries((await call('translate.setGlossary', { entries: clean })).entries);
      toast('info', 'translate.settings.glossarySaved');
    } catch (err) {
      reportError(err);
    }
  };
  return (
    <div className="setting-form">
      <h3>{t('translate.settings.glossary')}</h3>
      <p className="muted small">{t('translate.settings.glossaryHint')}</p>
      <ul className="glossary-list" data-testid="glossary">
        {entries.map((e, i) => (
          <li key={i} className="glossary-row" data-testid="glossary-entry">
            {e.kind === 'keep' ? (
              <>
                <span className="glossary-kind">{t('translate.settings.keep')}</span>
                <input value={e.term} onChange={(ev) => put(i, { ...e, term: ev.target.value })} aria-label={t('translate.settings.keep')} />
              </>
            ) : (
              <>
                <span className="glossary-kind">{t('translate.settings.pair')}</span>
                {[0, 1].map((k) => {
                  const pairs = Object.entries(e.terms);
                  const [lang, text] = pairs[k] ?? [k === 0 ? 'zh' : 'en', ''];
                  const set = (l: string, v: string) => {
                    const next = [...pairs];
                    next[k] = [l, v];
                    put(i, { ...e, terms: Object.fromEntries(next) });
                  };
                  return (
                    <span key={k} className="glossary-row">
                      <LanguageSelect value={lang} onChange={(l) => set(l, text)} label={t('translate.settings.termLang')} />
                      <input value={text} onChange={(ev) => set(lang, ev.target.value)} aria-label={t('translate.settings.term')} />
                    </span>
                  );
                })}
              </>
            )}
            <button type="button" className="icon-button small" onClick={() => setEntries(entries.filter((_, k) => k !== i))}
              aria-label={t('translate.settings.remove')} title={t('translate.settings.remove')}><Icon name="trash" size={14} /></button>
          </li>
        ))}
      </ul>
      <div className="provider-actions">
        <button type="button" className="button small ghost" onClick={() => setEntries([...entries, { kind: 'keep', term: '', caseSensitive: false }])}>
          {t('translate.settings.addKeep')}
        </button>
        <button type="button" className="button small ghost"
          onClick={() => setEntries([...entries, { kind: 'term', terms: { zh: '', en: '' }, caseSensitive: false }])}>
          {t('translate.settings.addPair')}
        </button>
        <button type="button" className="button small" onClick={() => void save()} data-testid="glossary-save">{t('common.save')}</button>
      </div>
    </div>
  );
}

/** Settings → Translation: the default language reps read, providers in order, the team glossary. */
export function TranslationSettings() {
  const { t } = useTranslation();
  const [providers, setProviders] = useState<ProviderView[]>([]);
  const [target, setTarget] = useState<string | null>(null);
  useEffect(() => {
    call('translate.providers', {}).then(setProviders).catch(reportError);
    call('translate.defaults', {}).then((d) => setTarget(d.targetLang)).catch(reportError);
  }, []);
  const configured = providers.filter((p) => p.configured);
  const move = async (id: string, dir: -1 | 1) => {
    const order = [...configured];
    const i = order.findIndex((p) => p.id === id);
    const j = i + dir;
    if (i < 0 || j < 0 || j >= order.length) return;
    [order[i], order[j]] = [order[j]!, order[i]!];
    try {
      let list = providers;
      for (const [k, p] of order.entries()) {
        if (p.priority !== k * 10) list = await call('translate.configureProvider', { settings: { id: p.id, priority: k * 10 } });
      }
      setProviders(list);
    } catch (err) {
      reportError(err);
    }
  };
  return (
    <div className="settings-card" data-testid="translation-settings">
      <h2>{t('translate.settings.title')}</h2>
      <div className="setting-row">
        <div className="setting-label">
          <span>{t('translate.settings.target')}</span>
          <small>{t('translate.settings.targetHint')}</small>
        </div>
        <div className="setting-control">
          {target && (
            <LanguageSelect value={target} label={t('translate.settings.target')} testId="default-target"
              onChange={(v) => call('translate.setDefaults', { targetLang: v }).then((d) => setTarget(d.targetLang), reportError)} />
          )}
        </div>
      </div>
      <div className="setting-form">
        <h3>{t('translate.settings.providers')}</h3>
        <p className="muted small">{t('translate.settings.providersHint')}</p>
        <ul className="provider-list">
          {providers.map((p) => (
            <ProviderCard key={p.id} p={p} first={configured[0]?.id === p.id} last={configured.at(-1)?.id === p.id}
              onChanged={setProviders} onMove={(dir) => void move(p.id, dir)} />
          ))}
        </ul>
      </div>
      <GlossaryEditor />
    </div>
  );
}
