// `switchboard demo` (headless): the capture engine against the WhatsApp Web simulator.
// The demo logic is src/cli/demo.ts (product code, CLI layer); the simulator is test code,
// so this script, which sits outside the layers, joins the two. bin/switchboard.mjs runs it.
// (`npm run demo`, scripts/demo.ts, is the desktop app with simulated accounts.)
import { runDemo, type DemoVerdict, type OpenDemoWorld } from '../src/cli/demo';
import { consoleOutput } from '../src/cli/output';
import type { Archive } from '../src/core/archive/archive';
import { liveBurst, seedWorld, type SeededWorld } from '../tests/wa-sim/seed';
import { WaSim } from '../tests/wa-sim/server';
import { compareWithTruth } from '../tests/wa-sim/truth';

const LABELS = ['Sales EN', 'Ventas ES', '销售 ZH', 'Export desk', 'Key accounts', 'Trade show', 'After-sales', 'Samples', 'Logistics', 'Partners'];

export const openSimulatedWorld: OpenDemoWorld = async ({ accounts, messagesPerChat }) => {
  const sim = await WaSim.start();
  const worlds: SeededWorld[] = [];
  for (let i = 0; i < accounts; i++) {
    const phone = sim.createPhone({ pushname: LABELS[i] ?? `Rep ${i + 1}`, seed: 1000 + i });
    const world = seedWorld(phone, { messagesPerChat });
    // one old file the server no longer has, as happens with real history
    const media = [...phone.messages.values()].find((m) => m.media && !m.revoked);
    if (media) phone.expireMedia(media.id);
    worlds.push(world);
  }
  return {
    url: sim.url,
    phones: worlds.map((_, i) => ({ label: LABELS[i] ?? `Rep ${i + 1}` })),
    scan: (i, qr) => void sim.scan(worlds[i]!.phone.id, qr),
    traffic: () => worlds.reduce((n, w) => n + liveBurst(w).events, 0),
    verify: (archive, accountId, i) => verify(archive, accountId, worlds[i]!),
    close: () => sim.close(),
  };
};

async function verify(archive: Archive, accountId: string, world: SeededWorld): Promise<DemoVerdict> {
  const truth = world.phone.groundTruth();
  const cmp = await compareWithTruth(archive, accountId, truth, { media: true, expectRevokeMe: true });
  const visible = truth.chats.flatMap((c) => c.messages).filter((m) => !m.isNotification);
  return {
    onPhone: visible.length,
    archived: cmp.compared - cmp.missing.length,
    missing: cmp.missing.length,
    duplicates: cmp.unexpected.filter((u) => u.startsWith('duplicate')).length,
    mismatches: cmp.mismatches.length,
    edited: visible.filter((m) => m.edits.length).length,
    revoked: visible.filter((m) => m.revoked).length,
    reactions: visible.reduce((n, m) => n + m.reactions.length, 0),
    mediaStored: visible.filter((m) => m.media && !m.media.expired && !m.revoked).length,
    mediaExpired: visible.filter((m) => m.media?.expired && !m.revoked).length,
  };
}

/** Entry for `switchboard demo` (bin/switchboard.mjs). */
export function main(argv: string[]): Promise<number> {
  return runDemo(argv, consoleOutput, openSimulatedWorld);
}

if (import.meta.url === `file://${process.argv[1]}`) process.exitCode = await main(process.argv.slice(2));
