import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { freePort, waitFor } from './wait';

export { freePort, waitFor };

export interface ApertiumServer {
  url: string;
  port: number;
  /** Freezes the server and its pipelines (SIGSTOP): requests hang until resume(); for cancel paths without timing. */
  pause(): void;
  resume(): void;
  stop(): Promise<void>;
}

/**
 * Debian's apertium-apy with the installed eng-spa pair, on a free port; ready when
 * /listPairs answers. Runs in its own process group so stop() also ends its pipelines.
 */
export async function startApertium(port?: number): Promise<ApertiumServer> {
  const p = port ?? await freePort();
  const child: ChildProcess = spawn('apertium-apy', ['-p', String(p), '/usr/share/apertium/modes'], {
    detached: true,
    stdio: 'ignore',
  });
  let exited = false;
  const exit = once(child, 'exit').then(() => { exited = true; });
  const url = `http://127.0.0.1:${p}`;
  try {
    await waitFor(async () => {
      if (exited) throw new Error('apertium-apy exited');
      const res = await fetch(`${url}/listPairs`);
      return res.ok;
    }, 'apertium-apy to answer /listPairs');
  } catch (err) {
    if (!exited) process.kill(-child.pid!, 'SIGKILL');
    throw err;
  }
  return {
    url,
    port: p,
    pause: () => process.kill(-child.pid!, 'SIGSTOP'),
    resume: () => process.kill(-child.pid!, 'SIGCONT'),
    async stop() {
      if (exited) return;
      try {
        process.kill(-child.pid!, 'SIGCONT'); // a paused server would not act on SIGTERM
        process.kill(-child.pid!, 'SIGTERM');
      } catch {
        // already gone
      }
      await exit;
    },
  };
}
