import type { IpcMain, IpcMainEvent } from 'electron';
import { ACCOUNT_VIEW_CHANNELS, UnreadReportSchema, type UnreadReport } from '../../shared/ipc-wire';
import { accountOfSender } from '../policy/ipc-sender';
import { senderFacts } from './sender';

/**
 * Unread counts from the account preloads. The account is the one main placed in the
 * sending view; the report is validated (it comes from a page process).
 */
export function listenForUnread(opts: {
  ipcMain: IpcMain;
  accountOf: (webContentsId: number) => string | null;
  accountOrigins: ReadonlySet<string>;
  onReport: (accountId: string, report: UnreadReport) => void;
  log: (msg: string) => void;
}): () => void {
  const handler = (event: IpcMainEvent, payload: unknown) => {
    const who = accountOfSender(senderFacts(event), opts.accountOf, opts.accountOrigins);
    if (!who.ok) {
      opts.log(`unread report refused: ${who.reason}`);
      return;
    }
    const parsed = UnreadReportSchema.safeParse(payload);
    if (!parsed.success) {
      opts.log(`unread report from ${who.accountId} malformed; dropped`);
      return;
    }
    opts.onReport(who.accountId, parsed.data);
  };
  opts.ipcMain.on(ACCOUNT_VIEW_CHANNELS.unread, handler);
  return () => opts.ipcMain.removeListener(ACCOUNT_VIEW_CHANNELS.unread, handler);
}
