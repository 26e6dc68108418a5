import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { call, useEvent } from '../../api/client';
import { formatNumber } from '../../lib/format';
import { reportError } from '../../state/toasts';
import { Modal } from '../ui/Modal';
import { PathField } from '../ui/PathField';

type Step = { kind: 'choose' } | { kind: 'moving'; phase: 'archive' | 'media' | 'verify'; done: number; total: number }
  | { kind: 'done'; dataFolder: string; messages: number };

/** Moves the data folder to another disk: copy, verify, restart from the copy; the old folder stays. */
export function MoveDataFolder({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const [target, setTarget] = useState('');
  const [step, setStep] = useState<Step>({ kind: 'choose' });
  useEvent('settings.moveProgress', (p) => setStep((s) => (s.kind === 'done' ? s : { kind: 'moving', ...p })));
  const start = () => {
    setStep({ kind: 'moving', phase: 'archive', done: 0, total: 1 });
    call('settings.moveDataFolder', { target: target.trim() })
      .then((r) => setStep({ kind: 'done', dataFolder: r.dataFolder, messages: r.messages }), (err: unknown) => {
        setStep({ kind: 'choose' });
        reportError(err);
      });
  };
  const busy = step.kind === 'moving';
  return (
    <Modal title={t('settings.move.title')} onClose={busy ? () => {} : onClose} width={520} testId="move-dialog"
      footer={step.kind === 'choose' ? (
        <>
          <button type="button" className="button" onClick={onClose}>{t('common.cancel')}</button>
          <button type="button" className="button primary" disabled={!target.trim()} onClick={start} data-testid="move-start">
            {t('settings.move.start')}
          </button>
        </>
      ) : null}>
      {step.kind === 'choose' && (
        <div className="form">
          <p className="small">{t('settings.move.explain')}</p>
          <PathField value={target} onChange={setTarget} purpose="dataFolder" label={t('settings.move.target')} testId="move-target" />
        </div>
      )}
      {step.kind === 'moving' && (
        <div role="status" data-testid="move-progress">
          <p>{t(`settings.move.phase.${step.phase}`)}</p>
          <progress max={Math.max(1, step.total)} value={step.done} />
        </div>
      )}
      {step.kind === 'done' && (
        <p role="status" data-testid="move-done">
          {t('settings.move.done', { folder: step.dataFolder, messages: formatNumber(step.messages) })}
        </p>
      )}
    </Modal>
  );
}
