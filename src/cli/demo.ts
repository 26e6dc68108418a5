import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Archive } from '../core/archive/archive';
import { parse, UsageError } from './args';
import type { Output } from './output';

export const DEMO_USAGE = `switchboard demo [--accounts N] [--profile <dir>] [--messages-per-chat M] [--live-seconds S] [--show]
  Shows the capture engine at work without a phone: N simulated phones (English, Spanish and
  Chinese buyers, groups, a community, a broadcast list), one headless Chromium page each,
  paired by QR, archived into an encrypted profile, then live traffic, then a check of the
  archive against what the phones have. Needs a source checkout (the simulator is test code).
  --accounts 1-10 (3)   --messages-per-chat 1-2000 (40)   --live-seconds 0-600 (15)
  --profile  a new or empty folder (default: a new temp folder; kept afterwards)
  --show     open visible browser windows instead of headless ones`;

/** What the demo needs from a WhatsApp world; the simulator provides it (scripts/headless-demo.ts). */
export interface DemoWorld {
  /** Where pages load WhatsApp Web from (the simulator's loopback URL). */
  url: string;
  /** One seeded phone per account. */
  phones: Array<{ label: string }>;
  /** The phone scans the QR the account's page shows. */
  scan(phone: number, qr: string): void;
  /** Sends one burst of live traffic (messages, edits, revokes, reactions, group events). */
  traffic(): number;
  /** The archive of `accountId` against everything phone `phone` has. */
  verify(archive: Archive, accountId: string, phone: number): Promise<DemoVerdict>;
  close(): Promise<void>;
}

export interface DemoVerdict {
  onPhone: number;
  archived: number;
  missing: number;
  duplicates: number;
  mismatches: number;
  edited: number;
  revoked: number;
  reactions: number;
  mediaStored: number;
  mediaExpired: number;
}

export type OpenDemoWorld = (options: { accounts: number; messagesPerChat: number }) => Promise<DemoWorld>;

function intOption(value: string | undefined, flag: string, min: number, max: number, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max) throw new UsageError(`${flag} must be a whole number from ${min} to ${max}, got "${value}".`);
  return n;
}

/** The registered command: without a simulator (a packaged build) it explains how to run it. */
export function demoCommand(argv: string[], out: Output): Promise<number> {
  return runDemo(argv, out, null);
}

export async function runDemo(argv: string[], out: Output, openWorld: OpenDemoWorld | null): Promise<number> {
  const { values } = parse(argv, {
    accounts: { type: 'string' },
    profile: { type: 'string' },
    'messages-per-chat': { type: 'string' },
    'live-seconds': { type: 'string' },
    show: { type: 'boolean' },
  });
  const accounts = intOption(values.accounts, '--accounts', 1, 10, 3);
  const perChat = intOption(values['messages-per-chat'], '--messages-per-chat', 1, 2000, 40);
  const liveSeconds = intOption(values['live-seconds'], '--live-seconds', 0, 600, 15);
  if (!openWorld) {
    out.error('The demo needs the WhatsApp Web simulator, which ships with the source code only.\n' +
      'From a source checkout run: npx switchboard demo --accounts 3');
    return 1;
  }
  const profile = path.resolve(values.profile ?? path.join(tmpdir(), `switchboard-demo-${Date.now()}`));
  if (existsSync(profile) && readdirSync(profile).length > 0) {
    throw new UsageError(`--profile ${profile} is not empty; the demo writes a new profile. Choose a new folder.`);
  }
  mkdirSync(profile, { recursive: true });
  // loaded here, not at the top: every other command starts without the browser stack
  const [{ Supervisor }, { Archive }, { createKeyFile, fileKeyProvider }, { ChromiumPageHost }] = await Promise.all([
    import('../core/accounts/supervisor'),
    import('../core/archive/archive'),
    import('../core/archive/key'),
    import('../core/capture/chromium-page-host'),
  ]);
  const keyFile = path.join(profile, 'demo.key');
  createKeyFile(keyFile);

  out.line(`Simulating ${accounts} phone(s) with ${perChat} messages per chat…`);
  const world = await openWorld({ accounts, messagesPerChat: perChat });
  const { archive, paths } = await Archive.openProfile(profile, fileKeyProvider(keyFile), { create: true });
  const host = new ChromiumPageHost({ waUrl: world.url, isolation: 'context', headless: !values.show });
  const sup = new Supervisor({ archive, pageHost: host, mediaDir: paths.media, log: (m) => out.error(`  ! ${m}`), hibernation: { sweepEveryMs: null } });
  const started = Date.now();
  try {
    const ids: string[] = [];
    const labelOf = new Map<string, string>();
    for (const phone of world.phones) {
      const { accountId } = await sup.addAccount({ label: phone.label });
      ids.push(accountId);
      labelOf.set(accountId, phone.label);
    }
    const lastLine = new Map<string, number>();
    sup.on('qr', (e) => {
      out.line(`[${labelOf.get(e.accountId)}] QR shown; the phone scans it`);
      world.scan(ids.indexOf(e.accountId), e.qr);
    });
    sup.on('state', (e) => out.line(`[${labelOf.get(e.accountId)}] ${e.state}${e.detail ? ` (${e.detail})` : ''}`));
    sup.on('sync', (s) => {
      const now = Date.now();
      if (s.phase !== 'done' && now - (lastLine.get(s.accountId) ?? 0) < 1_000) return;
      lastLine.set(s.accountId, now);
      out.line(`[${labelOf.get(s.accountId)}] sync ${s.phase}: ${s.chatsDone}/${s.chatsTotal} chats, ${s.messages} messages`);
    });
    sup.on('gap', (g) => out.line(`[${labelOf.get(g.accountId)}] gap in ${g.chatId}: ${g.reason}`));
    for (const id of ids) await sup.start(id);
    await until(() => ids.every((id) => sup.status(id)?.state === 'live'), 120_000, 'every account to be live');
    out.line(`All ${accounts} account(s) live after ${((Date.now() - started) / 1000).toFixed(1)} s.`);

    let captured = 0;
    sup.on('captured', () => captured++);
    if (liveSeconds > 0) {
      out.line(`Live traffic for ${liveSeconds} s…`);
      const end = Date.now() + liveSeconds * 1000;
      let sent = 0;
      while (Date.now() < end) {
        sent += world.traffic();
        await new Promise((r) => setTimeout(r, 250));
      }
      out.line(`Sent ${sent} live events; ${captured} new messages captured so far.`);
    }
    await until(async () => {
      await sup.settle();
      const v = await Promise.all(ids.map((id, i) => world.verify(archive, id, i)));
      return v.every((x) => x.missing === 0);
    }, 30_000, 'capture to catch up').catch(() => undefined);

    out.line('\nAccount                     on phone  archived  missing  dupes  edited  revoked  reactions  media  expired');
    let bad = 0;
    for (const [i, id] of ids.entries()) {
      const v = await world.verify(archive, id, i);
      bad += v.missing + v.duplicates + v.mismatches;
      out.line(`${(labelOf.get(id) ?? id).padEnd(26)} ${String(v.onPhone).padStart(9)} ${String(v.archived).padStart(9)} ${String(v.missing).padStart(8)}` +
        ` ${String(v.duplicates).padStart(6)} ${String(v.edited).padStart(7)} ${String(v.revoked).padStart(8)} ${String(v.reactions).padStart(10)}` +
        ` ${String(v.mediaStored).padStart(6)} ${String(v.mediaExpired).padStart(8)}`);
    }
    out.line(`\n${bad === 0 ? 'Everything the phones have is in the archive, once.' : `${bad} problem(s): see above.`}`);
    out.line(`Profile: ${profile}\nTry:     npx switchboard search ${profile} "price" --key-file ${keyFile}`);
    return bad === 0 ? 0 : 1;
  } finally {
    await sup.close();
    await host.close();
    await archive.close();
    await world.close();
  }
}

async function until(check: () => boolean | Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}.`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
