import { useTranslation } from 'react-i18next';
import { useStore } from '../../lib/store';
import { teamStore } from '../../state/team';
import { teamStateText } from '../settings/team-state-text';

/** The rail's line about the team server, shown only when this profile is enrolled. */
export function TeamState() {
  const { t } = useTranslation();
  const status = useStore(teamStore, (s) => s);
  if (!status?.enrollment) return null;
  const r = status.replication;
  return (
    <span className={`team-state is-${r.state}`} data-testid="team-state" data-state={r.state} title={status.enrollment.serverUrl}>
      {teamStateText(t, r)}
    </span>
  );
}
