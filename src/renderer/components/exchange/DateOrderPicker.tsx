import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DateOrder, WhatsAppExportPreview } from '../../../shared/crm-views';

/**
 * The file's dates can be read more than one way (every day ≤ 12): show its first messages
 * under each reading and let the user say which is right. Nothing is preselected: a guess is
 * what put US exports months off.
 */
export function DateOrderPicker({ preview, onPick, onCancel }: {
  preview: WhatsAppExportPreview; onPick: (order: DateOrder) => void; onCancel: () => void;
}) {
  const { t, i18n } = useTranslation();
  const [order, setOrder] = useState<DateOrder | null>(null);
  // wall clocks are the phone's as written, carried as UTC: format them in UTC
  const when = new Intl.DateTimeFormat(i18n.language, { dateStyle: 'long', timeStyle: 'short', timeZone: 'UTC' });
  return (
    <fieldset className="date-order-picker" data-testid="date-order-picker">
      <legend>{t('exchange.dateOrderTitle')}</legend>
      <p className="small">{t('exchange.dateOrderHint', { count: preview.messages })}</p>
      {preview.readings.map((r) => (
        <label key={r.order} className="date-order-option" data-testid={`date-order-${r.order}`}>
          <input type="radio" name="date-order" value={r.order} checked={order === r.order} onChange={() => setOrder(r.order)} />
          <strong>{t(`exchange.dateOrder.${r.order}`)}</strong>
          <ul className="small">
            {r.first.map((m, i) => (
              <li key={i}><span className="muted">{when.format(m.wallClock)}</span> {m.author ? `${m.author}: ` : ''}{m.text}</li>
            ))}
          </ul>
        </label>
      ))}
      <div className="form-actions">
        <button type="button" className="button" onClick={onCancel}>{t('common.cancel')}</button>
        <button type="button" className="button primary" disabled={!order} onClick={() => order && onPick(order)} data-testid="date-order-import">
          {t('exchange.dateOrderImport')}
        </button>
      </div>
    </fieldset>
  );
}
