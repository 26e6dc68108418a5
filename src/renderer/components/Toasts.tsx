import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useStore } from '../lib/store';
import { dismissToast, type Toast, toastsStore } from '../state/toasts';
import { Icon } from './ui/icons';

function ToastItem({ toast }: { toast: Toast }) {
  const { t } = useTranslation();
  useEffect(() => {
    const timer = window.setTimeout(() => dismissToast(toast.id), toast.kind === 'error' ? 8000 : 4000);
    return () => window.clearTimeout(timer);
  }, [toast]);
  return (
    <div className={`toast toast-${toast.kind}`} role={toast.kind === 'error' ? 'alert' : 'status'} data-testid="toast">
      <Icon name={toast.kind === 'error' ? 'alert' : 'check'} size={16} />
      <span>{t(toast.key, toast.values ?? {})}</span>
      {toast.action && (
        <button type="button" className="button small" data-testid="toast-action" onClick={() => {
          toast.action?.run();
          dismissToast(toast.id);
        }}>{t(toast.action.key)}</button>
      )}
      <button type="button" className="icon-button small" onClick={() => dismissToast(toast.id)} aria-label={t('common.close')}>
        <Icon name="close" size={14} />
      </button>
    </div>
  );
}

export function Toasts() {
  const toasts = useStore(toastsStore, (s) => s);
  return <div className="toasts">{toasts.map((t) => <ToastItem key={t.id} toast={t} />)}</div>;
}
