// `npm start`: build and launch the Electron app, or explain why it can't start.
import { spawnSync } from 'node:child_process';
import { findElectronBinary } from './electron-binary.mjs';

const electron = findElectronBinary();
if ('missing' in electron) {
  console.error(
    [
      'Switchboard: the Electron binary is not installed, so the desktop app cannot start.',
      `  (${electron.missing})`,
      'What to do:',
      '  1. On a machine that can download it: rm -rf node_modules/electron && npm install',
      '     (without ELECTRON_SKIP_BINARY_DOWNLOAD), or set ELECTRON_MIRROR to a reachable mirror.',
      '  2. Without Electron you can still run the engine headless:',
      '       npx switchboard demo --accounts 3     (simulated WhatsApp, real capture)',
      '       npx switchboard search <profile> <query>',
    ].join('\n'),
  );
  process.exit(1);
}
const run = (cmd, args, env = process.env) => spawnSync(cmd, args, { stdio: 'inherit', env }).status ?? 1;
const built = run('npx', ['electron-vite', 'build']);
if (built !== 0) process.exit(built);
process.exit(run(electron.path, ['.', ...process.argv.slice(2)]));
