// `npm run demo [-- --accounts N]`: the desktop app with N simulated WhatsApp accounts, so a
// newcomer sees tiles fill with chats without a phone. This script plays the phones: it
// starts the WhatsApp Web simulator, scans each QR code the app shows, and keeps messages
// coming. The app side (accounts created, tiles laid out) is src/main/demo.ts.
// Unpackaged runs only: a packaged build ignores SWITCHBOARD_WA_URL and the demo switch.
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { WaSim } from '../tests/wa-sim/server';
import type { Phone } from '../tests/wa-sim/phone';
import { findElectronBinary } from './electron-binary.mjs';

const ROOT = path.resolve(import.meta.dirname, '..');
const { values } = parseArgs({ options: { accounts: { type: 'string', default: '3' }, profile: { type: 'string' } } });
const count = Number(values.accounts);
if (!Number.isInteger(count) || count < 1 || count > 9) {
  console.error('--accounts must be a number from 1 to 9.');
  process.exit(2);
}

const electron = findElectronBinary();
if ('missing' in electron) {
  console.error(
    `Switchboard demo: the Electron binary is not installed (${electron.missing}).\n` +
      `Run the same demo headless instead:  npx switchboard demo --accounts ${count}`,
  );
  process.exit(1);
}
if (spawnSync('npx', ['electron-vite', 'build'], { cwd: ROOT, stdio: 'inherit' }).status !== 0) process.exit(1);

// Customers writing in the languages a foreign-trade desk sees every day.
const CUSTOMERS = [
  { name: 'María García', pn: '5215512345678', lines: ['Hola, ¿me pasa el precio FOB de 2000 unidades?', '¿Cuál es el plazo de entrega a Veracruz?'] },
  { name: 'Ahmed Hassan', pn: '971501234567', lines: ['Hello, can you send the catalogue?', 'We need the CIF price to Jebel Ali.'] },
  { name: '王经理', pn: '8613800138000', lines: ['样品什么时候能寄出？', '请把形式发票发给我。'] },
  { name: 'João Silva', pn: '5511912345678', lines: ['Bom dia! Vocês têm certificado CE?', 'Qual é o MOQ?'] },
];

function seed(phone: Phone, i: number): string[] {
  const chats: string[] = [];
  for (const c of CUSTOMERS) {
    const contact = phone.addContact({ name: c.name, pn: `${c.pn.slice(0, -1)}${i}` });
    const chat = phone.addDirectChat(contact.id);
    phone.addHistory(chat.id, [{ body: c.lines[0]! }, { fromMe: true, body: 'Thanks — quote coming today. 今天报价。' }]);
    chats.push(chat.id);
  }
  return chats;
}

const sim = await WaSim.start();
const profile = path.resolve(values.profile ?? path.join(ROOT, '.profile-dev', 'demo'));
mkdirSync(profile, { recursive: true });
console.log(`Simulator at ${sim.url}; profile ${profile}; ${count} account(s).`);

const app = spawn(electron.path, [ROOT], {
  cwd: ROOT,
  stdio: 'inherit',
  env: { ...process.env, SWITCHBOARD_WA_URL: sim.url, SWITCHBOARD_DEMO_ACCOUNTS: String(count), SWITCHBOARD_USER_DATA: profile },
});

const phones: Array<{ phone: Phone; chats: string[] }> = [];
const scanned = new Set<string>();
const pairing = setInterval(() => {
  for (const qr of sim.pendingQrs()) {
    if (scanned.has(qr.ref)) continue;
    scanned.add(qr.ref);
    const i = phones.length + 1;
    const phone = sim.createPhone({ pushname: `Demo ${i}` });
    phones.push({ phone, chats: seed(phone, i) });
    sim.scan(phone.id, qr.ref);
    console.log(`Paired demo phone ${i}.`);
  }
}, 500);

const traffic = setInterval(() => {
  if (phones.length === 0) return;
  const { phone, chats } = phones[Math.floor(Math.random() * phones.length)]!;
  const k = Math.floor(Math.random() * chats.length);
  const line = CUSTOMERS[k]!.lines[Math.floor(Math.random() * CUSTOMERS[k]!.lines.length)]!;
  phone.deliver(chats[k]!, { body: line });
}, 4000);

app.on('exit', (code) => {
  clearInterval(pairing);
  clearInterval(traffic);
  void sim.close().then(() => process.exit(code ?? 0));
});
for (const sig of ['SIGINT', 'SIGTERM'] as const) process.on(sig, () => app.kill(sig));
