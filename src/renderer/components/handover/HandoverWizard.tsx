import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Person } from '../../../shared/archive-views';
import type { HandoverReport } from '../../../shared/crm-views';
import { call } from '../../api/client';
import { formatDateTime } from '../../lib/format';
import { useStore } from '../../lib/store';
import { accountsStore } from '../../state/accounts';
import { reportError } from '../../state/toasts';
import '../customers/workflows.css';

type Step = 'choose' | 'confirm' | 'done';

/**
 * 一键交接 (handover: accounts and/or customers from rep A to rep B) and 离职交接
 * (offboarding: everything, a bundle, the person deactivated). Preview first, then the admin
 * passphrase confirms; nothing is deleted either way.
 */
export function HandoverWizard({ mode }: { mode: 'handover' | 'offboard' }) {
  const { t } = useTranslation();
  const accounts = useStore(accountsStore, (s) => s.list);
  const [people, setPeople] = useState<Person[]>([]);
  const [step, setStep] = useState<Step>('choose');
  const [fromId, setFromId] = useState('');
  const [toId, setToId] = useState('');
  const [all, setAll] = useState(true);
  const [picked, setPicked] = useState<string[]>([]);
  const [bundle, setBundle] = useState(true);
  const [bundlePassphrase, setBundlePassphrase] = useState('');
  const [passphrase, setPassphrase] = useState('');
  const [plan, setPlan] = useState<HandoverReport | null>(null);
  const [result, setResult] = useState<{ report: HandoverReport; bundleFile: string | null } | null>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    call('people.list', {}).then(setPeople, reportError);
  }, []);
  const owned = accounts.filter((a) => a.ownerId === fromId);
  const scope = mode === 'offboard' || all ? { all: true } : { accountIds: picked };
  const name = (id: string) => people.find((p) => p.id === id)?.name ?? id;

  const preview = () => {
    setBusy(true);
    call('handover.plan', { fromId, toId, ...scope }).then((r) => {
      setPlan(r);
      setStep('confirm');
    }, reportError).finally(() => setBusy(false));
  };
  const run = () => {
    setBusy(true);
    const done = mode === 'offboard'
      ? call('handover.offboard', { personId: fromId, toId, bundle, passphrase, ...(bundle && bundlePassphrase ? { bundlePassphrase } : {}) })
      : call('handover.run', { fromId, toId, ...scope, passphrase }).then((report) => ({ report, bundleFile: null }));
    done.then((r) => {
      setResult(r);
      setStep('done');
      setPassphrase('');
    }, reportError).finally(() => setBusy(false));
  };

  return (
    <div className="team-card" data-testid={`${mode}-wizard`}>
      <h3>{t(`handover.${mode}.title`)}</h3>
      <p className="small muted">{t(`handover.${mode}.hint`)}</p>
      <div className="wizard-steps">
        {(['choose', 'confirm', 'done'] as const).map((s, i) => <span key={s} className={s === step ? 'is-current' : ''}>{i + 1}. {t(`handover.step.${s}`)}</span>)}
      </div>

      {step === 'choose' && (
        <div className="form">
          <div className="crm-inline">
            <label>{t(mode === 'offboard' ? 'handover.leaving' : 'handover.from')}
              <select value={fromId} onChange={(e) => { setFromId(e.target.value); setPicked([]); }} data-testid="handover-from">
                <option value="">—</option>
                {people.map((p) => <option key={p.id} value={p.id}>{p.name}{p.active ? '' : ` (${t('handover.inactive')})`}</option>)}
              </select>
            </label>
            <label>{t('handover.to')}
              <select value={toId} onChange={(e) => setToId(e.target.value)} data-testid="handover-to">
                <option value="">—</option>
                {people.filter((p) => p.active && p.id !== fromId).map((p) => <option key={p.id} value={p.id}>{p.name}</option>)}
              </select>
            </label>
          </div>
          {mode === 'handover' && fromId && (
            <div>
              <label><input type="checkbox" checked={all} onChange={(e) => setAll(e.target.checked)} /> {t('handover.everything')}</label>
              {!all && (
                <ul className="crm-rows">
                  {owned.map((a) => (
                    <li key={a.id}><label><input type="checkbox" checked={picked.includes(a.id)}
                      onChange={(e) => setPicked(e.target.checked ? [...picked, a.id] : picked.filter((x) => x !== a.id))} /> {a.label}</label></li>
                  ))}
                  {owned.length === 0 && <li className="muted">{t('handover.noAccounts')}</li>}
                </ul>
              )}
            </div>
          )}
          {mode === 'offboard' && (
            <div className="crm-inline">
              <label><input type="checkbox" checked={bundle} onChange={(e) => setBundle(e.target.checked)} /> {t('handover.bundle')}</label>
              {bundle && <input type="password" value={bundlePassphrase} onChange={(e) => setBundlePassphrase(e.target.value)}
                placeholder={t('handover.bundlePassphrase')} aria-label={t('handover.bundlePassphrase')} autoComplete="new-password" />}
            </div>
          )}
          <div className="form-actions">
            <button type="button" className="button primary" disabled={!fromId || !toId || busy || (!all && mode === 'handover' && picked.length === 0)}
              onClick={preview} data-testid="handover-preview">{t('handover.preview')}</button>
          </div>
        </div>
      )}

      {step === 'confirm' && plan && (
        <div>
          <Report report={plan} />
          <p>{t(`handover.${mode}.confirm`, { from: name(fromId), to: name(toId) })}</p>
          <div className="crm-inline">
            <input type="password" value={passphrase} onChange={(e) => setPassphrase(e.target.value)} placeholder={t('handover.adminPassphrase')}
              aria-label={t('handover.adminPassphrase')} autoComplete="current-password" data-testid="handover-passphrase" />
            <button type="button" className="button" onClick={() => setStep('choose')}>{t('handover.back')}</button>
            <button type="button" className="button primary" disabled={!passphrase || busy} onClick={run} data-testid="handover-run">
              {t(`handover.${mode}.run`)}
            </button>
          </div>
        </div>
      )}

      {step === 'done' && result && (
        <div data-testid="handover-done">
          <p>{t(`handover.${mode}.done`, { from: result.report.fromName ?? fromId, to: result.report.toName ?? toId })}</p>
          {result.bundleFile && <p className="small">{t('handover.bundleAt')} <code>{result.bundleFile}</code></p>}
          <Report report={result.report} />
          <button type="button" className="button" onClick={() => { setStep('choose'); setPlan(null); setResult(null); }}>{t('handover.again')}</button>
        </div>
      )}
    </div>
  );
}

function Report({ report }: { report: HandoverReport }) {
  const { t } = useTranslation();
  return (
    <div className="form" data-testid="handover-report">
      <p><strong>{t('handover.accounts', { count: report.accounts.length })}</strong> {report.accounts.map((a) => a.label).join('、')}</p>
      <p><strong>{t('handover.customers', { count: report.customers.length })}</strong></p>
      <ul className="crm-rows">
        {report.customers.slice(0, 50).map((c) => (
          <li key={c.customerId}><span translate="no">{c.displayName}</span><span className="small muted">
            {[c.stage ? t(`stage.${c.stage}`) : null, c.lastMessageTs ? formatDateTime(c.lastMessageTs) : null].filter(Boolean).join(' · ')}</span></li>
        ))}
      </ul>
      <p><strong>{t('handover.followUps', { count: report.openFollowUps.length })}</strong></p>
      <ul className="crm-rows">
        {report.openFollowUps.map((f) => <li key={f.followUpId}><span>{f.text}</span><span className="small muted">{f.dueAt ? formatDateTime(f.dueAt) : ''}</span></li>)}
      </ul>
    </div>
  );
}
