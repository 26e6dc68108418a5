import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ExportDialog } from '../exchange/ExportDialog';
import { ImportPanel } from '../exchange/ImportPanel';
import { HandoverWizard } from '../handover/HandoverWizard';
import type { ChannelName } from '../../../shared/contract';
import { useHost } from '../../state/host';
import { TeamDashboard } from './TeamDashboard';
import { TeamOverviewPanel } from './TeamOverviewPanel';
import '../customers/workflows.css';

const TABS = ['overview', 'dashboard', 'handover', 'offboard', 'transfer'] as const;
type Tab = (typeof TABS)[number];

/** What the host must serve for each tab. */
const NEEDS: Record<Tab, ChannelName> = {
  overview: 'team.overview',
  dashboard: 'analytics.team',
  handover: 'handover.plan',
  offboard: 'handover.offboard',
  transfer: 'exchange.exportChats',
};

/** 团队: the lead's dashboard, handover and offboarding, exports and imports. */
export function TeamScreen() {
  const { t } = useTranslation();
  const host = useHost();
  const tabs = TABS.filter((x) => host?.channels.includes(NEEDS[x]));
  const [chosen, setTab] = useState<Tab | null>(null);
  const tab = chosen && tabs.includes(chosen) ? chosen : tabs[0];
  const [exporting, setExporting] = useState(false);
  return (
    <div className="team" data-testid="team-screen">
      <div className="team-tabs" role="tablist">
        {tabs.map((x) => (
          <button key={x} type="button" role="tab" aria-selected={tab === x} className={`stage-chip ${tab === x ? 'is-active' : ''}`} onClick={() => setTab(x)}
            data-testid={`team-tab-${x}`}>{t(`team.tab.${x}`)}</button>
        ))}
      </div>
      {tab === 'overview' && <TeamOverviewPanel />}
      {tab === 'dashboard' && <TeamDashboard />}
      {tab === 'handover' && <HandoverWizard mode="handover" />}
      {tab === 'offboard' && <HandoverWizard mode="offboard" />}
      {tab === 'transfer' && (
        <>
          <div className="team-card">
            <h3>{t('exchange.rangeTitle')}</h3>
            <p className="small muted">{t('exchange.rangeHint')}</p>
            <button type="button" className="button" onClick={() => setExporting(true)} data-testid="range-export">{t('exchange.export')}</button>
          </div>
          <ImportPanel />
        </>
      )}
      {exporting && <ExportDialog selection={{ kind: 'range' }} title={t('exchange.allChats')} onClose={() => setExporting(false)} />}
    </div>
  );
}
