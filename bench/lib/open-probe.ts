// Bundled by the archive benchmark and run as plain JS, like the packaged app: measures
// the time from Archive.open() to the first chat list being available.
import { Archive } from '../../src/core/archive/archive';
import { staticKeyProvider } from '../../src/core/archive/key';

const [file, keyHex] = process.argv.slice(2);
const t = performance.now();
const archive = await Archive.open({ file: file!, keys: staticKeyProvider(Buffer.from(keyHex!, 'hex')) });
const chats = await archive.query('chatList', { limit: 100 });
const openMs = performance.now() - t;
await archive.close();
process.stdout.write(`${JSON.stringify({ open_ms: openMs, chats: chats.length })}\n`);
