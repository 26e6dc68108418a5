import { useEffect, useReducer, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CUSTOMER_STAGES, type CustomerListItem, type CustomerStage } from '../../../shared/crm-views';
import { call, useEvent } from '../../api/client';
import { formatShort } from '../../lib/format';
import { useStore } from '../../lib/store';
import { reportError } from '../../state/toasts';
import { ui, uiStore } from '../../state/ui';
import { CustomerPanel } from './CustomerPanel';
import './workflows.css';

/** 客户: every customer across accounts, with a panel for the selected one. */
export function CustomersScreen() {
  const { t } = useTranslation();
  const [query, setQuery] = useState('');
  const [stage, setStage] = useState<CustomerStage | ''>('');
  const [conflictOnly, setConflictOnly] = useState(false);
  const [list, setList] = useState<{ items: CustomerListItem[]; total: number } | null>(null);
  const selected = useStore(uiStore, (s) => s.customerId);
  const setSelected = (customerId: string | null) => ui.patch({ customerId });
  const [version, refresh] = useReducer((x: number) => x + 1, 0);
  useEvent('crm.changed', refresh);
  useEffect(() => {
    let live = true;
    call('customers.list', { ...(query.trim() ? { query: query.trim() } : {}), ...(stage ? { stage } : {}), conflictOnly, limit: 500 })
      .then((r) => live && setList(r), reportError);
    return () => {
      live = false;
    };
  }, [query, stage, conflictOnly, version]);
  return (
    <div className="crm" data-testid="customers-screen">
      <aside className="crm-list">
        <div className="crm-list-filters">
          <input type="search" placeholder={t('customers.search')} value={query} onChange={(e) => setQuery(e.target.value)} aria-label={t('customers.search')}
            data-testid="customers-search" />
          <select value={stage} onChange={(e) => setStage(e.target.value as CustomerStage | '')} aria-label={t('customers.stage')}>
            <option value="">{t('customers.allStages')}</option>
            {CUSTOMER_STAGES.map((s) => <option key={s} value={s}>{t(`stage.${s}`)}</option>)}
          </select>
          <label className="small"><input type="checkbox" checked={conflictOnly} onChange={(e) => setConflictOnly(e.target.checked)} /> {t('customers.conflictOnly')}</label>
          <span className="small muted">{list ? t('customers.count', { count: list.total }) : ''}</span>
        </div>
        <div className="crm-list-scroll">
          {list?.items.length === 0 && <p className="empty-state">{t('customers.empty')}</p>}
          {list?.items.map((c) => (
            <button key={c.customerId} type="button" className={`crm-item ${selected === c.customerId ? 'is-active' : ''}`}
              onClick={() => setSelected(c.customerId)} data-testid="customer-item">
              <div className="crm-item-top">
                <span translate="no">{c.displayName}</span>
                <span className="small muted">{c.lastMessageTs ? formatShort(c.lastMessageTs) : ''}</span>
              </div>
              <div className="crm-item-sub">
                {c.stage && <span className="stage-badge">{t(`stage.${c.stage}`)}</span>}
                {c.conflict && <span className="conflict-badge" title={t('customers.conflictHint')}>{t('customers.conflict')}</span>}
                {c.effectiveOwnerName && <span translate="no">{c.effectiveOwnerName}</span>}
                {c.phones[0] && <span translate="no">+{c.phones[0]}</span>}
                {c.openFollowUps > 0 && <span>{t('customers.openFollowUps', { count: c.openFollowUps })}</span>}
              </div>
            </button>
          ))}
        </div>
      </aside>
      <section className="crm-panel">
        {selected ? <CustomerPanel key={selected} customerId={selected} onSelect={setSelected} version={version} />
          : <p className="empty-state">{t('customers.pick')}</p>}
      </section>
    </div>
  );
}
