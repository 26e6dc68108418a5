import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { OffboardReport, ReassignPlan, TeamOverview } from '../../../shared/team-views';
import { call } from '../../api/client';
import { formatDateTime, formatNumber } from '../../lib/format';
import { reportError, toast } from '../../state/toasts';
import { Modal } from '../ui/Modal';

type Subject = { kind: 'account'; accountId: string; label: string; ownerId: string } | { kind: 'user'; userId: string; name: string }
  | { kind: 'customers'; userId: string; name: string };

/**
 * The console's handover: an account to another person, or everything of a leaving person
 * (their PCs revoked, their sign-in disabled). The plan is shown first — whose it was, how
 * many messages, which PCs bring it down and which let it go — and nothing is deleted.
 * An offboarding ends with its report, to print or save as PDF for the person's file.
 */
export function HandoverDialog({ subject, people, onClose, onDone }: {
  subject: Subject;
  people: TeamOverview['users'];
  onClose: () => void;
  onDone: () => void;
}) {
  const { t } = useTranslation();
  const exclude = subject.kind === 'account' ? subject.ownerId : subject.userId;
  const candidates = people.filter((p) => !p.disabled && p.id !== exclude);
  const [to, setTo] = useState(candidates[0]?.id ?? '');
  const [plan, setPlan] = useState<ReassignPlan[] | null>(null);
  const [revoked, setRevoked] = useState<string[]>([]);
  const [owned, setOwned] = useState(0);
  const [busy, setBusy] = useState(false);
  const [report, setReport] = useState<{ at: number; result: OffboardReport; to: string } | null>(null);

  const run = async (dryRun: boolean): Promise<ReassignPlan[] | null> => {
    if (subject.kind === 'account') return [await call('team.reassign', { accountId: subject.accountId, toUserId: to, dryRun })];
    if (subject.kind === 'customers') {
      setOwned((await call('team.reassignCustomers', { fromUserId: subject.userId, toUserId: to, dryRun })).customers.length);
      return [];
    }
    const r: OffboardReport = await call('team.offboard', { userId: subject.userId, toUserId: to, dryRun });
    setRevoked(r.devicesRevoked);
    setOwned(r.customers.length);
    if (!dryRun) setReport({ at: Date.now(), result: r, to: candidates.find((c) => c.id === to)?.name ?? to });
    return r.accounts;
  };
  useEffect(() => {
    setPlan(null);
    if (!to) return;
    let live = true;
    run(true).then((p) => live && setPlan(p), reportError);
    return () => {
      live = false;
    };
    // the plan follows the chosen person
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [to]);

  const confirm = async () => {
    setBusy(true);
    try {
      await run(false);
      toast('info', subject.kind === 'account' ? 'handoverConsole.doneAccount' : subject.kind === 'customers' ? 'handoverConsole.doneCustomers'
        : 'handoverConsole.doneUser');
      // an offboarding stays open on its report until closed
      if (subject.kind !== 'user') onDone();
    } catch (err) {
      reportError(err);
    } finally {
      setBusy(false);
    }
  };
  if (report) return <OffboardReportView report={report} onClose={onDone} />;
  const title = subject.kind === 'account' ? t('handoverConsole.titleAccount', { label: subject.label })
    : subject.kind === 'customers' ? t('handoverConsole.titleCustomers', { name: subject.name }) : t('handoverConsole.titleUser', { name: subject.name });
  return (
    <Modal title={title} onClose={onClose} width={520} testId="handover-dialog"
      footer={<>
        <button type="button" className="button ghost" onClick={onClose}>{t('common.cancel')}</button>
        <button type="button" className={`button ${subject.kind === 'user' ? 'danger' : 'primary'}`} disabled={!plan || busy || (subject.kind === 'customers' && owned === 0)}
          onClick={() => void confirm()} data-testid="handover-confirm">
          {subject.kind === 'account' ? t('handoverConsole.confirmAccount') : subject.kind === 'customers' ? t('handoverConsole.confirmCustomers')
            : t('handoverConsole.confirmUser')}
        </button>
      </>}>
      <label className="form-row">{t('handoverConsole.to')}
        <select value={to} onChange={(e) => setTo(e.target.value)} data-testid="handover-to">
          {candidates.map((p) => <option key={p.id} value={p.id}>{p.name}{p.team ? ` · ${p.team}` : ''}</option>)}
        </select>
      </label>
      {plan && (
        <div className="handover-plan" data-testid="handover-plan">
          {plan.length === 0 && subject.kind !== 'customers' && <p className="muted">{t('handoverConsole.noAccounts')}</p>}
          {subject.kind === 'customers' && <p data-testid="handover-customers-plan">{owned > 0
            ? t('handoverConsole.customersPlan', { count: owned, from: subject.name, to: candidates.find((c) => c.id === to)?.name ?? '' })
            : t('handoverConsole.noCustomers')}</p>}
          {plan.map((p) => (
            <p key={p.accountId}>
              {t('handoverConsole.planLine', { label: p.label, messages: formatNumber(p.messages), from: p.from.map((f) => f.name).join(', ') || '—', to: p.to.name })}
              {p.restoreOn.length > 0 && <><br /><small>{t('handoverConsole.restoreOn', { pcs: p.restoreOn.join(', ') })}</small></>}
              {p.releaseOn.length > 0 && <><br /><small>{t('handoverConsole.releaseOn', { pcs: p.releaseOn.join(', ') })}</small></>}
            </p>
          ))}
          {subject.kind === 'user' && owned > 0 && <p>{t('handoverConsole.customers', { count: owned })}</p>}
          {subject.kind === 'user' && <p className="warning">{t('handoverConsole.offboardNote', { pcs: revoked.join(', ') || '—' })}</p>}
          <p className="small muted">{t('handoverConsole.nothingDeleted')}</p>
        </div>
      )}
    </Modal>
  );
}

/** What was done, with the time and the names, printable (the dialog alone is printed). */
function OffboardReportView({ report, onClose }: { report: { at: number; result: OffboardReport; to: string }; onClose: () => void }) {
  const { t } = useTranslation();
  const { result } = report;
  return (
    <Modal title={t('handoverConsole.reportTitle', { name: result.user.name })} onClose={onClose} width={560} testId="offboard-report"
      footer={<>
        <button type="button" className="button ghost" onClick={onClose}>{t('common.close')}</button>
        <button type="button" className="button primary" onClick={() => window.print()} data-testid="offboard-print">{t('handoverConsole.print')}</button>
      </>}>
      <div className="printable">
        <h3 className="print-only">{t('handoverConsole.reportTitle', { name: result.user.name })}</h3>
        <p>{t('handoverConsole.reportWhen', { when: formatDateTime(report.at), to: report.to })}</p>
        <table className="report-table">
          <thead><tr><th>{t('handoverConsole.reportAccount')}</th><th>{t('handoverConsole.reportMessages')}</th><th>{t('handoverConsole.reportRestoreOn')}</th></tr></thead>
          <tbody>
            {result.accounts.map((a) => (
              <tr key={a.accountId} data-testid="offboard-report-account">
                <td>{a.label}</td><td>{formatNumber(a.messages)}</td><td>{a.restoreOn.join(', ') || '—'}</td>
              </tr>
            ))}
            {result.accounts.length === 0 && <tr><td colSpan={3} className="muted">{t('handoverConsole.noAccounts')}</td></tr>}
          </tbody>
        </table>
        <p>{t('handoverConsole.customers', { count: result.customers.length })}</p>
        <p>{t('handoverConsole.reportRevoked', { pcs: result.devicesRevoked.join(', ') || '—' })}</p>
        <p className="small muted">{t('handoverConsole.nothingDeleted')}</p>
      </div>
    </Modal>
  );
}
