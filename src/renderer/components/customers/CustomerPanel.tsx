import { type FormEvent, useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Person } from '../../../shared/archive-views';
import { CUSTOMER_STAGES, type CustomerListItem, type CustomerView } from '../../../shared/crm-views';
import { FORM_FIELD_KEYS } from '../../../shared/customer-fields';
import { call } from '../../api/client';
import { formatDateTime } from '../../lib/format';
import { can } from '../../state/host';
import { reportError, toast } from '../../state/toasts';
import { ui } from '../../state/ui';
import { ExportDialog } from '../exchange/ExportDialog';
import { CustomerActivity } from './CustomerActivity';

type Fields = Record<(typeof FORM_FIELD_KEYS)[number], string>;
const blank = (v: string) => (v.trim() === '' ? null : v.trim());

/** One customer: fields, stage, owner, tags, chats in every account, follow-ups, notes and timeline. */
export function CustomerPanel({ customerId, onSelect, version }: { customerId: string; onSelect: (id: string) => void; version: number }) {
  const { t } = useTranslation();
  const [view, setView] = useState<CustomerView | null>(null);
  const [people, setPeople] = useState<Person[]>([]);
  const [fields, setFields] = useState<Fields | null>(null);
  const [tag, setTag] = useState('');
  const [exporting, setExporting] = useState(false);
  const [merging, setMerging] = useState(false);

  const load = useCallback(() => {
    call('customers.get', { customerId }).then((v) => {
      // a merged customer opens as the one it was merged into
      if (v.customerId !== customerId) onSelect(v.customerId);
      setView(v);
      setFields(Object.fromEntries(FORM_FIELD_KEYS.map((k) => [k, v[k] ?? ''])) as Fields);
    }, reportError);
  }, [customerId, onSelect]);
  useEffect(load, [load, version]);
  useEffect(() => {
    call('people.list', {}).then(setPeople, reportError);
  }, []);
  if (!view || !fields) return <p className="muted">{t('customers.loading')}</p>;

  const update = (patch: Parameters<typeof call<'customers.update'>>[1]['patch']) =>
    call('customers.update', { customerId: view.customerId, patch }).then((v) => {
      setView(v);
      toast('info', 'customers.saved');
    }, reportError);
  const saveFields = (e: FormEvent) => {
    e.preventDefault();
    void update(Object.fromEntries(FORM_FIELD_KEYS.map((k) => [k, blank(fields[k])])));
  };
  const setTagPresent = (name: string, present: boolean) =>
    call('customers.setTag', { customerId: view.customerId, tag: name, present }).then(load, reportError);

  return (
    <div data-testid="customer-panel">
      <div className="crm-head">
        <div>
          <h2 translate="no">{view.displayName}</h2>
          <div className="small muted" translate="no">{[view.company, ...view.phones.map((p) => `+${p}`)].filter(Boolean).join(' · ')}</div>
          {view.localTime && (
            <div className="crm-local" data-testid="customer-local-time">
              {t('customers.localTime', { time: view.localTime.time, zone: view.timeZone })}
              {!view.localTime.workingHours && ` · ${t('customers.outsideHours')}`}
            </div>
          )}
        </div>
        <div className="crm-inline">
          {can('exchange.exportChats') && (
            <button type="button" className="button" onClick={() => setExporting(true)} data-testid="customer-export">{t('exchange.export')}</button>
          )}
          {can('customers.merge') && <button type="button" className="button" onClick={() => setMerging((m) => !m)}>{t('customers.merge')}</button>}
        </div>
      </div>
      {view.conflict && (
        <div className="callout" data-testid="customer-conflict">
          {t('customers.conflictDetail', { reps: view.reps.map((r) => r.ownerName ?? r.ownerId).join('、') })}
        </div>
      )}
      {merging && <MergePicker current={view} onMerged={(id) => { setMerging(false); onSelect(id); }} />}

      <div className="crm-section">
        <h3>{t('customers.stage')}</h3>
        <div className="stage-bar" role="group" aria-label={t('customers.stage')}>
          {CUSTOMER_STAGES.map((s) => (
            <button key={s} type="button" className={`stage-chip ${view.stage === s ? 'is-active' : ''}`} aria-pressed={view.stage === s}
              onClick={() => view.stage !== s && void update({ stage: s })} data-testid={`stage-${s}`}>{t(`stage.${s}`)}</button>
          ))}
        </div>
      </div>

      <form className="crm-section" onSubmit={saveFields}>
        <h3>{t('customers.details')}</h3>
        <div className="crm-grid">
          {FORM_FIELD_KEYS.map((k) => (
            <label key={k}>{t(`customers.field.${k}`)}
              <input type="text" value={fields[k]} onChange={(e) => setFields({ ...fields, [k]: e.target.value })} placeholder={t(`customers.placeholder.${k}`)}
                data-testid={`field-${k}`} />
            </label>
          ))}
          <label>{t('customers.field.owner')}
            <select value={view.ownerId ?? ''} onChange={(e) => void update({ ownerId: e.target.value || null })} data-testid="field-owner">
              <option value="">{view.effectiveOwnerName ? t('customers.ownerFromAccounts', { name: view.effectiveOwnerName }) : t('customers.noOwner')}</option>
              {/* the owner stays shown when they left, or are someone this host does not list (a person made on a rep's PC) */}
              {people.filter((p) => p.active || p.id === view.ownerId).map((p) => (
                <option key={p.id} value={p.id}>{p.name}{p.active ? '' : ` (${t('handover.inactive')})`}</option>
              ))}
              {view.ownerId && !people.some((p) => p.id === view.ownerId) && (
                <option value={view.ownerId}>{view.effectiveOwnerName ?? view.ownerId}</option>
              )}
            </select>
          </label>
        </div>
        <div className="form-actions"><button type="submit" className="button primary" data-testid="fields-save">{t('common.save')}</button></div>
      </form>

      <div className="crm-section">
        <h3>{t('customers.tags')}</h3>
        <div className="crm-inline">
          {view.tags.map((x) => (
            <span key={x} className="chip"><span translate="no">{x}</span> <button type="button" className="link-button" aria-label={t('customers.removeTag', { tag: x })}
              onClick={() => void setTagPresent(x, false)}>×</button></span>
          ))}
          <form className="crm-inline" onSubmit={(e) => { e.preventDefault(); if (tag.trim()) void setTagPresent(tag.trim(), true).then(() => setTag('')); }}>
            <input type="text" value={tag} onChange={(e) => setTag(e.target.value)} placeholder={t('customers.addTag')} aria-label={t('customers.addTag')} />
          </form>
        </div>
      </div>

      <div className="crm-section">
        <h3>{t('customers.chats')}</h3>
        <ul className="crm-rows">
          {view.members.map((m) => (
            <li key={`${m.accountId} ${m.contactId}`}>
              <span>
                <strong translate="no">{m.accountLabel}</strong>{m.ownerName ? ` (${m.ownerName})` : ''} · {m.contactName ?? m.contactId}
                <span className="small muted"> · {t('customers.messages', { count: m.messages })}{m.lastMessageTs ? ` · ${formatDateTime(m.lastMessageTs)}` : ''}</span>
              </span>
              <span className="crm-inline">
                <button type="button" className="link-button" onClick={() => ui.openChat(m.accountId, m.contactId)}>{t('customers.openChat')}</button>
                {view.members.length > 1 && can('customers.split') && (
                  <button type="button" className="link-button" data-testid="customer-split"
                    onClick={() => call('customers.split', { customerId: view.customerId, accountId: m.accountId, contactId: m.contactId })
                      .then(load, reportError)}>{t('customers.split')}</button>
                )}
              </span>
            </li>
          ))}
        </ul>
        {view.mergedIds.length > 1 && can('customers.unmerge') && (
          <div className="small muted crm-inline">
            {t('customers.mergedFrom')}
            {view.mergedIds.slice(1).map((id) => (
              <button key={id} type="button" className="link-button" onClick={() => call('customers.unmerge', { customerId: view.customerId, mergedId: id })
                .then(load, reportError)}>{t('customers.unmerge', { id })}</button>
            ))}
          </div>
        )}
      </div>

      <CustomerActivity view={view} people={people} onChanged={load} version={version} />
      {exporting && <ExportDialog selection={{ kind: 'customer', customerId: view.customerId }} title={view.displayName} onClose={() => setExporting(false)} />}
    </div>
  );
}

/** Picks the customer to merge this one into. */
function MergePicker({ current, onMerged }: { current: CustomerView; onMerged: (id: string) => void }) {
  const { t } = useTranslation();
  const [query, setQuery] = useState('');
  const [found, setFound] = useState<CustomerListItem[]>([]);
  const [chosen, setChosen] = useState<CustomerListItem | null>(null);
  useEffect(() => {
    if (query.trim().length < 2) return;
    let live = true;
    call('customers.list', { query: query.trim(), limit: 8 }).then((r) => live && setFound(r.items.filter((c) => c.customerId !== current.customerId)), reportError);
    return () => {
      live = false;
    };
  }, [query, current.customerId]);
  return (
    <div className="callout">
      <p className="small">{t('customers.mergeHint', { name: current.displayName })}</p>
      <input type="search" value={query} onChange={(e) => setQuery(e.target.value)} placeholder={t('customers.search')} aria-label={t('customers.search')} />
      <ul className="crm-rows">
        {query.trim().length >= 2 && found.map((c) => (
          <li key={c.customerId}>
            <span translate="no">{c.displayName} <span className="small muted">{c.phones.map((p) => `+${p}`).join(', ')}</span></span>
            <button type="button" className="button" onClick={() => setChosen(c)} data-testid="merge-pick">{t('customers.mergeInto')}</button>
          </li>
        ))}
      </ul>
      {chosen && (
        <div className="crm-inline">
          <span>{t('customers.mergeConfirm', { from: current.displayName, into: chosen.displayName })}</span>
          <button type="button" className="button" onClick={() => setChosen(null)}>{t('common.cancel')}</button>
          <button type="button" className="button primary" data-testid="merge-confirm"
            onClick={() => call('customers.merge', { fromId: current.customerId, intoId: chosen.customerId }).then((v) => onMerged(v.customerId), reportError)}>
            {t('customers.merge')}</button>
        </div>
      )}
    </div>
  );
}
