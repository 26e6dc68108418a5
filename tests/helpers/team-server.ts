import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { compileChildren } from './compile-child';

/** A team server in its own process (compiled once), so tests can SIGKILL it for real. */
export interface ServerProcess {
  url: string;
  child: ChildProcess;
  kill(): Promise<void>;
  stop(): Promise<void>;
  /** What the server wrote to stderr (its log) and whether it exited, for a failing test to show. */
  log(): string;
}

let compiled: Promise<string> | null = null;

export async function startServerProcess(databaseUrl: string, port: number): Promise<ServerProcess> {
  compiled ??= compileChildren('team-server', { 'team-server': 'tests/integration/fixtures/team-server-process.ts' })
    .then((dir) => path.join(dir, 'team-server.js'));
  const entry = await compiled;
  // e.g. SB_SERVER_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" to profile the server under a bench
  const nodeArgs = (process.env.SB_SERVER_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const child = spawn(process.execPath, [...nodeArgs, entry, databaseUrl, String(port)], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => { stderr += String(d); });
  const exited = once(child, 'exit');
  const url = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout! }).on('line', (line) => {
      if (line.startsWith('LISTENING ')) resolve(line.slice('LISTENING '.length));
    });
    void exited.then(() => reject(new Error(`team server exited before listening: ${stderr}`)));
  });
  return {
    url,
    child,
    log: () => stderr + (child.exitCode !== null || child.signalCode !== null ? `\n[exited: ${child.exitCode ?? child.signalCode}]` : ''),
    async kill() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGKILL');
      await exited;
    },
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      await exited;
    },
  };
}
