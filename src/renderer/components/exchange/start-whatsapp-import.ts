import { call } from '../../api/client';

/** Starts importing a WhatsApp "Export chat" file into one chat, read in this computer's time zone; resolves to the job id. */
export async function startWhatsAppImport(o: { file: string; accountId: string; chatId: string; me: string }): Promise<string> {
  const me = o.me.trim();
  const r = await call('exchange.importWhatsApp', {
    file: o.file.trim(), accountId: o.accountId, chatId: o.chatId.trim(),
    timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone, ...(me ? { me: [me] } : {}),
  });
  return r.jobId;
}
