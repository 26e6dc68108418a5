import { type FormEvent, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Person } from '../../../shared/archive-views';
import type { CustomerView, TimelineItem } from '../../../shared/crm-views';
import { call } from '../../api/client';
import { formatDateTime } from '../../lib/format';
import { can } from '../../state/host';
import { reportError } from '../../state/toasts';

/** A datetime-local value one day from now (the default due time of a follow-up). */
function tomorrow(): string {
  const d = new Date(Date.now() + 86_400_000);
  d.setMinutes(d.getMinutes() - d.getTimezoneOffset());
  return d.toISOString().slice(0, 16);
}

/** Follow-ups, notes and the customer's timeline across accounts. */
export function CustomerActivity({ view, people, onChanged, version }: {
  view: CustomerView; people: Person[]; onChanged: () => void; version: number;
}) {
  const { t } = useTranslation();
  const [note, setNote] = useState('');
  const [fu, setFu] = useState({ text: '', due: tomorrow(), assigneeId: '' });
  const [items, setItems] = useState<TimelineItem[]>([]);
  const [before, setBefore] = useState<number | null>(null);
  const customerId = view.customerId;

  useEffect(() => {
    if (!can('customers.timeline')) return;
    let live = true;
    call('customers.timeline', { customerId, limit: 50 }).then((p) => {
      if (!live) return;
      setItems(p.items);
      setBefore(p.before);
    }, reportError);
    return () => {
      live = false;
    };
  }, [customerId, version]);

  const older = () => {
    if (before === null) return;
    call('customers.timeline', { customerId, before, limit: 50 }).then((p) => {
      setItems((cur) => [...p.items, ...cur]);
      setBefore(p.before);
    }, reportError);
  };
  const addNote = (e: FormEvent) => {
    e.preventDefault();
    if (!note.trim()) return;
    call('customers.addNote', { customerId, body: note }).then(() => {
      setNote('');
      onChanged();
    }, reportError);
  };
  const addFollowUp = (e: FormEvent) => {
    e.preventDefault();
    const dueAt = new Date(fu.due).getTime();
    if (!fu.text.trim() || Number.isNaN(dueAt)) return;
    call('customers.addFollowUp', { customerId, details: { text: fu.text, dueAt, assigneeId: fu.assigneeId || null } }).then(() => {
      setFu({ text: '', due: tomorrow(), assigneeId: '' });
      onChanged();
    }, reportError);
  };

  return (
    <>
      <div className="crm-section">
        <h3>{t('customers.followUps')}</h3>
        <ul className="crm-rows" data-testid="followups">
          {view.followUps.filter((f) => f.text !== null).map((f) => (
            <li key={f.followUpId} className={f.done ? 'is-done' : ''}>
              <label className="crm-inline">
                <input type="checkbox" checked={f.done} onChange={(e) => call('customers.updateFollowUp',
                  { customerId, followUpId: f.followUpId, done: e.target.checked }).then(onChanged, reportError)} />
                {f.text}
              </label>
              <span className={`small ${!f.done && f.dueAt !== null && f.dueAt < Date.now() ? 'error-text' : 'muted'}`}>
                {f.dueAt !== null ? formatDateTime(f.dueAt) : ''}{f.assigneeName ? ` · ${f.assigneeName}` : ''}
              </span>
            </li>
          ))}
        </ul>
        <form className="crm-inline" onSubmit={addFollowUp}>
          <input type="text" value={fu.text} onChange={(e) => setFu({ ...fu, text: e.target.value })} placeholder={t('customers.followUpText')}
            aria-label={t('customers.followUpText')} data-testid="followup-text" />
          <input type="datetime-local" value={fu.due} onChange={(e) => setFu({ ...fu, due: e.target.value })} aria-label={t('customers.due')} />
          <select value={fu.assigneeId} onChange={(e) => setFu({ ...fu, assigneeId: e.target.value })} aria-label={t('customers.assignee')}>
            <option value="">{t('customers.unassigned')}</option>
            {people.filter((p) => p.active).map((p) => <option key={p.id} value={p.id}>{p.name}</option>)}
          </select>
          <button type="submit" className="button" data-testid="followup-add">{t('customers.addFollowUp')}</button>
        </form>
      </div>

      <div className="crm-section">
        <h3>{t('customers.notes')}</h3>
        <form className="crm-inline" onSubmit={addNote}>
          <textarea rows={2} value={note} onChange={(e) => setNote(e.target.value)} placeholder={t('customers.notePlaceholder')} aria-label={t('customers.notes')}
            data-testid="note-text" />
          <button type="submit" className="button" data-testid="note-add">{t('customers.addNote')}</button>
        </form>
      </div>

      <div className="crm-section">
        <h3>{t('customers.timeline')}</h3>
        {before !== null && <button type="button" className="link-button" onClick={older}>{t('customers.older')}</button>}
        <ol className="timeline" data-testid="timeline">
          {items.map((i) => {
            if (i.kind === 'message') {
              const m = i.message;
              return (
                <li key={`m ${m.accountId} ${m.waId}`} className={m.fromMe ? 'is-out' : ''}>
                  <div className="timeline-meta">{formatDateTime(m.ts)} · {i.accountLabel}{m.fromMe ? '' : ` · ${m.senderName ?? ''}`}
                    {m.edited ? ` · ${t('customers.edited')}` : ''}{m.revoked ? ` · ${t('customers.deleted')}` : ''}</div>
                  <div className="timeline-text" translate="no">{m.text ?? (m.media ? `📎 ${m.media.filename ?? t(`msgType.${m.type}`, { defaultValue: m.type })}` : '')}</div>
                </li>
              );
            }
            if (i.kind === 'note') {
              return (
                <li key={`n ${i.note.noteId}`} className="is-note">
                  <div className="timeline-meta">{formatDateTime(i.at)} · {t('customers.note')}{i.note.authorName ? ` · ${i.note.authorName}` : ''}</div>
                  <div className="timeline-text" translate="no">{i.note.body}</div>
                </li>
              );
            }
            return (
              <li key={`s ${i.event.at} ${i.event.stage}`} className="is-stage">
                {formatDateTime(i.at)} · {t('customers.stageChanged', { stage: t(`stage.${i.event.stage}`) })}{i.event.byName ? ` · ${i.event.byName}` : ''}
              </li>
            );
          })}
        </ol>
      </div>
    </>
  );
}
