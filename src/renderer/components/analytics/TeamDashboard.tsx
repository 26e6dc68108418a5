import { BarElement, CategoryScale, Chart as ChartJS, Legend, LinearScale, Tooltip } from 'chart.js';
import { useEffect, useMemo, useState } from 'react';
import { Bar } from 'react-chartjs-2';
import { useTranslation } from 'react-i18next';
import type { ChatListItem } from '../../../shared/archive-views';
import type { CustomerConflict, GroupActivity, ResponseStats, TeamActivity } from '../../../shared/crm-views';
import { call } from '../../api/client';
import { formatDateTime, formatNumber } from '../../lib/format';
import { can } from '../../state/host';
import { reportError } from '../../state/toasts';
import { ui } from '../../state/ui';
import '../customers/workflows.css';

ChartJS.register(CategoryScale, LinearScale, BarElement, Tooltip, Legend);

const DAY = 86_400_000;
const RANGES = [7, 30, 90] as const;

function minutes(ms: number | null): string {
  if (ms === null) return '—';
  const m = Math.round(ms / 60_000);
  return m < 120 ? `${m}′` : `${(m / 60).toFixed(1)}h`;
}

function StatsCells({ s }: { s: ResponseStats & { messagesIn: number; messagesOut: number; waitingChats: number } }) {
  return (
    <>
      <td className="num">{formatNumber(s.messagesIn)}</td>
      <td className="num">{formatNumber(s.messagesOut)}</td>
      <td className="num">{minutes(s.medianMs)}</td>
      <td className="num">{minutes(s.p90Ms)}</td>
      <td className="num">{s.unanswered}</td>
      <td className="num">{s.waitingChats}</td>
    </>
  );
}

/** 主管看板: who answers slowly, which customers wait, messages per day, group activity. Every figure comes from the archive. */
export function TeamDashboard() {
  const { t } = useTranslation();
  const [days, setDays] = useState<number>(30);
  const [hours, setHours] = useState(4);
  const [data, setData] = useState<TeamActivity | null>(null);
  const [conflicts, setConflicts] = useState<CustomerConflict[]>([]);
  useEffect(() => {
    const to = Date.now();
    let live = true;
    call('analytics.team', { from: to - days * DAY, to, unansweredHours: hours, tzOffsetMinutes: -new Date().getTimezoneOffset() })
      .then((r) => live && setData(r), reportError);
    call('customers.conflicts', { days }).then((r) => live && setConflicts(r), reportError);
    return () => {
      live = false;
    };
  }, [days, hours]);

  const chart = useMemo(() => {
    const byDay = new Map<string, { in: number; out: number }>();
    for (const d of data?.daily ?? []) {
      const v = byDay.get(d.day) ?? { in: 0, out: 0 };
      v.in += d.in;
      v.out += d.out;
      byDay.set(d.day, v);
    }
    const labels = [...byDay.keys()];
    return {
      labels,
      datasets: [
        { label: t('analytics.in'), data: labels.map((l) => byDay.get(l)!.in), backgroundColor: '#34b7f1', stack: 'm' },
        { label: t('analytics.out'), data: labels.map((l) => byDay.get(l)!.out), backgroundColor: '#25d366', stack: 'm' },
      ],
    };
  }, [data, t]);

  const head = (
    <tr>
      <th />
      <th className="num">{t('analytics.in')}</th><th className="num">{t('analytics.out')}</th>
      <th className="num">{t('analytics.median')}</th><th className="num">{t('analytics.p90')}</th>
      <th className="num">{t('analytics.unanswered')}</th><th className="num">{t('analytics.waiting', { hours })}</th>
    </tr>
  );
  return (
    <div data-testid="team-dashboard">
      <div className="crm-inline team-card">
        <span>{t('analytics.range')}</span>
        {RANGES.map((d) => (
          <button key={d} type="button" className={`stage-chip ${days === d ? 'is-active' : ''}`} onClick={() => setDays(d)}>{t('analytics.days', { count: d })}</button>
        ))}
        <label>{t('analytics.threshold')} <input type="number" min={1} max={720} value={hours} onChange={(e) => setHours(Math.max(1, Number(e.target.value) || 1))}
          style={{ width: 64 }} /></label>
      </div>
      {data && (
        <>
          <div className="team-card">
            <h3>{t('analytics.perRep')}</h3>
            <table className="team-table" data-testid="team-reps">
              <thead>{head}</thead>
              <tbody>{data.reps.map((r) => <tr key={r.ownerId ?? '-'}><td>{r.ownerName ?? t('analytics.noOwner')}</td><StatsCells s={r} /></tr>)}</tbody>
            </table>
            <h3>{t('analytics.perAccount')}</h3>
            <table className="team-table">
              <thead>{head}</thead>
              <tbody>{data.accounts.map((a) => <tr key={a.accountId}><td>{a.label}</td><StatsCells s={a} /></tr>)}</tbody>
            </table>
          </div>
          <div className="team-card">
            <h3>{t('analytics.perDay')}</h3>
            <div className="team-chart"><Bar data={chart} options={{ maintainAspectRatio: false, responsive: true, scales: { x: { stacked: true }, y: { stacked: true } } }} /></div>
          </div>
          <div className="team-card">
            <h3>{t('analytics.waitingChats', { count: data.waiting.length })}</h3>
            <ul className="crm-rows">
              {data.waiting.map((w) => (
                <li key={`${w.accountId} ${w.chatId}`}>
                  <button type="button" className="link-button" onClick={() => ui.openChat(w.accountId, w.chatId)}>{w.name ?? w.chatId}</button>
                  <span className="small muted">{w.accountLabel} · {t('analytics.since', { time: formatDateTime(w.waitingSince) })}</span>
                </li>
              ))}
            </ul>
          </div>
        </>
      )}
      <div className="team-card">
        <h3>{t('analytics.conflicts', { count: conflicts.length })}</h3>
        <ul className="crm-rows" data-testid="team-conflicts">
          {conflicts.map((c) => (
            <li key={c.customerId}><span>{c.displayName}</span>
              <span className="small">{c.reps.map((r) => `${r.ownerName ?? r.ownerId} (${formatDateTime(r.lastMessageTs)})`).join(' · ')}</span></li>
          ))}
        </ul>
      </div>
      {can('analytics.group') && <GroupPanel days={days} />}
    </div>
  );
}

/** Members, admins, messages per member over time, silent members and last activity of one group or community. */
function GroupPanel({ days }: { days: number }) {
  const { t } = useTranslation();
  const [groups, setGroups] = useState<ChatListItem[]>([]);
  const [picked, setPicked] = useState('');
  const [data, setData] = useState<GroupActivity | null>(null);
  useEffect(() => {
    call('archive.chatList', { kinds: ['group', 'community'], limit: 500 }).then(setGroups, reportError);
  }, []);
  useEffect(() => {
    if (!picked) return;
    const [accountId, chatId] = picked.split('\u0000') as [string, string];
    const to = Date.now();
    let live = true;
    call('analytics.group', { accountId, chatId, from: to - days * DAY, to, bucket: days > 31 ? 'week' : 'day', tzOffsetMinutes: -new Date().getTimezoneOffset() })
      .then((r) => live && setData(r), reportError);
    return () => {
      live = false;
    };
  }, [picked, days]);
  const chart = useMemo(() => ({
    labels: (data?.buckets ?? []).map((b) => new Date(b).toLocaleDateString()),
    datasets: [{ label: t('analytics.messages'), data: data?.messagesPerBucket ?? [], backgroundColor: '#075e54' }],
  }), [data, t]);
  return (
    <div className="team-card" data-testid="team-groups">
      <h3>{t('analytics.groups')}</h3>
      <select value={picked} onChange={(e) => setPicked(e.target.value)} aria-label={t('analytics.pickGroup')}>
        <option value="">{t('analytics.pickGroup')}</option>
        {groups.map((g) => <option key={`${g.accountId} ${g.chatId}`} value={`${g.accountId}\u0000${g.chatId}`}>{g.name ?? g.chatId} · {g.accountLabel}</option>)}
      </select>
      {data && (
        <>
          <p className="small">{t('analytics.groupSummary', { members: data.members, admins: data.admins, silent: data.silent })}</p>
          <div className="team-chart"><Bar data={chart} options={{ maintainAspectRatio: false, responsive: true }} /></div>
          <table className="team-table">
            <thead><tr><th>{t('analytics.member')}</th><th>{t('analytics.role')}</th><th className="num">{t('analytics.messages')}</th><th>{t('analytics.lastActive')}</th></tr></thead>
            <tbody>
              {data.people.map((p) => (
                <tr key={p.contactId} className={p.isMember && p.messages === 0 ? 'muted' : ''}>
                  <td>{p.name ?? p.contactId}{p.isMember ? '' : ` (${t('analytics.left')})`}</td>
                  <td>{t(`details.role.${p.role}`)}</td>
                  <td className="num">{p.messages}{p.isMember && p.messages === 0 ? ` · ${t('analytics.silent')}` : ''}</td>
                  <td>{p.lastActive ? formatDateTime(p.lastActive) : '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </div>
  );
}
