import type { IpcMain } from 'electron';
import type { Core } from '../../core/app';
import { CHANNEL_NAMES, EVENT_NAMES, type ChannelName, type EventName } from '../../shared/contract';
import type { InvokeResult } from '../../shared/errors';
import { APP_WIRE } from '../../shared/ipc-wire';
import { checkSender, type SenderFacts, type TrustedRenderer } from '../policy/ipc-sender';
import { senderFacts } from './sender';

/**
 * The IPC router (ARCHITECTURE §6), built by walking the shared contract: one handler per
 * channel, so a name outside the contract has no handler at all. Every call is checked
 * for its sender (the app renderer's main frame at the app origin) before Core sees it;
 * Core validates the input with the channel's zod schema and never rejects.
 */

export interface RouterDeps {
  core: Pick<Core, 'handle'>;
  trusted: () => TrustedRenderer | null;
  log: (msg: string) => void;
}

/** The wire name of every contract channel, in contract order. */
export function contractWireChannels(): Array<{ channel: ChannelName; wire: string }> {
  return CHANNEL_NAMES.map((channel) => ({ channel, wire: APP_WIRE.invokePrefix + channel }));
}

/** One channel's handler: the sender check, then Core (which validates the input). */
export function invokeHandler(channel: ChannelName, deps: RouterDeps) {
  return async (sender: SenderFacts, input: unknown): Promise<InvokeResult<unknown>> => {
    const verdict = checkSender(sender, deps.trusted());
    if (!verdict.ok) {
      deps.log(`refused ${channel} from webContents ${sender.webContentsId}: ${verdict.reason}`);
      return { ok: false, error: { code: 'FORBIDDEN', message: `Refused: ${verdict.reason}.` } };
    }
    return deps.core.handle(channel, input);
  };
}

export function registerContractRouter(ipcMain: IpcMain, deps: RouterDeps): () => void {
  const wires = contractWireChannels();
  for (const { channel, wire } of wires) {
    const handle = invokeHandler(channel, deps);
    ipcMain.handle(wire, (event, input: unknown) => handle(senderFacts(event), input));
  }
  return () => wires.forEach(({ wire }) => ipcMain.removeHandler(wire));
}

/** Pushes every contract event to the app renderer, and nothing that is not in the contract. */
export function forwardContractEvents(core: Pick<Core, 'onAny'>, send: (wire: string, payload: unknown) => void): () => void {
  const known = new Set<EventName>(EVENT_NAMES);
  return core.onAny((event, payload) => {
    if (known.has(event)) send(APP_WIRE.eventPrefix + event, payload);
  });
}
