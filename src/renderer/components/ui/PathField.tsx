import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { PickPurpose } from '../../../shared/contract';
import { call } from '../../api/client';
import { reportError } from '../../state/toasts';

let canPick: Promise<boolean> | null = null;
/** Whether this window has a native file dialog (asked once). */
function canPickPaths(): Promise<boolean> {
  canPick ??= call('app.info', {}).then((i) => i.canPickPaths, () => false);
  return canPick;
}

/** A path typed or pasted, or chosen with the system's file dialog where there is one. */
export function PathField({ value, onChange, purpose, label, testId }: {
  value: string; onChange: (path: string) => void; purpose: PickPurpose; label: string; testId: string;
}) {
  const { t } = useTranslation();
  const [pickable, setPickable] = useState(false);
  useEffect(() => {
    let live = true;
    void canPickPaths().then((ok) => live && setPickable(ok));
    return () => {
      live = false;
    };
  }, []);
  return (
    <span className="path-field">
      <input type="text" value={value} onChange={(e) => onChange(e.target.value)} placeholder={label} aria-label={label} data-testid={testId} />
      {pickable && (
        <button type="button" className="button small" data-testid={`${testId}-browse`}
          onClick={() => call('app.pickPath', { purpose }).then((r) => r.path !== null && onChange(r.path), reportError)}>
          {t('common.browse')}
        </button>
      )}
    </span>
  );
}
