import { call } from '../../api/client';
import type { DateOrder, WhatsAppExportPreview } from '../../../shared/crm-views';

export interface WhatsAppImportRequest { file: string; accountId: string; chatId: string; me: string }

/** Starts importing a WhatsApp "Export chat" file into one chat, read in this computer's time zone; resolves to the job id. */
export async function startWhatsAppImport(o: WhatsAppImportRequest, dateOrder?: DateOrder): Promise<string> {
  const me = o.me.trim();
  const r = await call('exchange.importWhatsApp', {
    file: o.file.trim(), accountId: o.accountId, chatId: o.chatId.trim(),
    timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone, ...(me ? { me: [me] } : {}), ...(dateOrder ? { dateOrder } : {}),
  });
  return r.jobId;
}

/**
 * Reads the file first: when its dates do not say whether the day or the month comes first,
 * the user must pick (resolves to the preview to show); otherwise the import starts.
 */
export async function prepareWhatsAppImport(o: WhatsAppImportRequest): Promise<{ jobId: string } | { pick: WhatsAppExportPreview }> {
  const preview = await call('exchange.previewWhatsApp', { file: o.file.trim() });
  if (preview.orders.length > 1) return { pick: preview };
  return { jobId: await startWhatsAppImport(o) };
}
