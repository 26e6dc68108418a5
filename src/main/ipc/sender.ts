import type { WebContents, WebFrameMain } from 'electron';
import type { SenderFacts } from '../policy/ipc-sender';

/** What the sender check needs to know about an IPC message's origin. */
export function senderFacts(event: { sender: WebContents; senderFrame: WebFrameMain | null }): SenderFacts {
  const frame = event.senderFrame;
  return {
    webContentsId: event.sender.id,
    frame: frame && !frame.detached ? { isMainFrame: frame.parent === null, url: frame.url } : null,
  };
}
