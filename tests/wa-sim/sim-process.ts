import { type ChildProcess, fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { GroundTruth } from './phone';
import { liveBurst, seedWorld, type SeededWorld } from './seed';
import { WaSim } from './server';

/**
 * The simulator in a process of its own, for measurements: the phones' data (every
 * message, every media file) then does not count against the process under test.
 * The same file is the parent-side client and the child's entry point.
 */

type Request =
  | { cmd: 'setup'; accounts: number; messagesPerChat: number; media: boolean }
  | { cmd: 'scan'; phone: number; qr: string }
  | { cmd: 'live'; bursts: number; intervalMs: number }
  | { cmd: 'truth'; phone: number }
  | { cmd: 'close' };

export interface Delivery {
  phone: number;
  id: string;
  /** performance.timeOrigin + performance.now() when the simulator delivered it. */
  at: number;
}

type Reply = { reqId: number; ok: true; value: unknown } | { reqId: number; ok: false; error: string };

export class SimProcess {
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();

  private constructor(private readonly child: ChildProcess) {
    child.on('message', (m: Reply) => {
      const p = this.pending.get(m.reqId);
      if (!p) return;
      this.pending.delete(m.reqId);
      if (m.ok) p.resolve(m.value);
      else p.reject(new Error(m.error));
    });
    child.on('exit', () => {
      for (const p of this.pending.values()) p.reject(new Error('the simulator process exited'));
      this.pending.clear();
    });
  }

  static start(): SimProcess {
    const child = fork(fileURLToPath(import.meta.url), [], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    return new SimProcess(child);
  }

  private call<T>(req: Request): Promise<T> {
    const reqId = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(reqId, { resolve: resolve as (v: unknown) => void, reject });
      this.child.send({ reqId, ...req });
    });
  }

  /** Seeds one phone per account; resolves with the URL pages load. */
  setup(accounts: number, messagesPerChat: number, media = false): Promise<{ url: string; messages: number[] }> {
    return this.call({ cmd: 'setup', accounts, messagesPerChat, media });
  }

  scan(phone: number, qr: string): Promise<void> {
    return this.call({ cmd: 'scan', phone, qr });
  }

  /** `bursts` rounds of live traffic on every phone, `intervalMs` apart. */
  live(bursts: number, intervalMs: number): Promise<Delivery[]> {
    return this.call({ cmd: 'live', bursts, intervalMs });
  }

  truth(phone: number): Promise<GroundTruth> {
    return this.call({ cmd: 'truth', phone });
  }

  async close(): Promise<void> {
    await this.call({ cmd: 'close' }).catch(() => undefined);
    this.child.kill();
  }
}

// ------------------------------------------------------------------ child side

async function serve(): Promise<void> {
  let sim: WaSim | null = null;
  const worlds: SeededWorld[] = [];
  const now = () => performance.timeOrigin + performance.now();
  process.on('message', async (m: Request & { reqId: number }) => {
    const reply = (value: unknown) => process.send!({ reqId: m.reqId, ok: true, value });
    try {
      switch (m.cmd) {
        case 'setup': {
          sim = await WaSim.start();
          for (let i = 0; i < m.accounts; i++) {
            worlds.push(seedWorld(sim.createPhone({ pushname: `Bench ${i + 1}`, seed: 500 + i }), { messagesPerChat: m.messagesPerChat, media: m.media }));
          }
          const messages = worlds.map((w) => w.phone.groundTruth().chats.flatMap((c) => c.messages).filter((x) => !x.isNotification).length);
          return reply({ url: sim.url, messages });
        }
        case 'scan':
          sim!.scan(worlds[m.phone]!.phone.id, m.qr);
          return reply(null);
        case 'live': {
          const out: Delivery[] = [];
          for (let b = 0; b < m.bursts; b++) {
            for (const [phone, w] of worlds.entries()) {
              const at = now();
              const { messages } = liveBurst(w, { media: false });
              for (const id of messages) out.push({ phone, id, at });
            }
            await new Promise((r) => setTimeout(r, m.intervalMs));
          }
          return reply(out);
        }
        case 'truth':
          return reply(worlds[m.phone]!.phone.groundTruth());
        case 'close':
          await sim?.close();
          reply(null);
          setTimeout(() => process.exit(0), 10);
      }
    } catch (err) {
      process.send!({ reqId: m.reqId, ok: false, error: err instanceof Error ? err.message : String(err) });
    }
  });
}

if (process.send && process.argv[1] === fileURLToPath(import.meta.url)) void serve();
