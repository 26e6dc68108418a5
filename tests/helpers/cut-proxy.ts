import { once } from 'node:events';
import { createServer, type Server, type Socket, connect } from 'node:net';

/**
 * A TCP proxy on loopback between desktops and the team server (or the server and
 * PostgreSQL) whose link can be cut: cut() drops every open connection and refuses new ones
 * (a dead network, not a polite close), restore() lets traffic through again. `dropWhen`
 * resets one connection the moment the client sends bytes it matches (a link lost mid-query).
 */
export interface CutProxy {
  url: string;
  cut(): void;
  restore(): void;
  close(): Promise<void>;
}

export async function startCutProxy(target: { host: string; port: number },
  o: { dropWhen?: (sent: Buffer) => boolean } = {}): Promise<CutProxy> {
  const sockets = new Set<Socket>();
  let down = false;
  const server: Server = createServer((client) => {
    if (down) {
      client.resetAndDestroy();
      return;
    }
    const upstream = connect(target.port, target.host);
    sockets.add(client);
    sockets.add(upstream);
    // pipe() ends each side when the other ends (buffered bytes still flow); an error on
    // either side tears both down
    const forget = () => {
      sockets.delete(client);
      sockets.delete(upstream);
    };
    const drop = () => {
      forget();
      client.destroy();
      upstream.destroy();
    };
    client.on('error', drop).on('close', forget);
    upstream.on('error', drop).on('close', forget);
    if (o.dropWhen) {
      client.on('data', (chunk: Buffer) => {
        if (!o.dropWhen!(chunk)) return;
        forget();
        client.resetAndDestroy();
        upstream.destroy();
      });
    }
    client.pipe(upstream);
    upstream.pipe(client);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const port = (server.address() as { port: number }).port;
  const cut = () => {
    down = true;
    for (const s of sockets) s.resetAndDestroy();
    sockets.clear();
  };
  return {
    url: `http://127.0.0.1:${port}`,
    cut,
    restore() {
      down = false;
    },
    async close() {
      cut();
      server.close();
      await once(server, 'close');
    },
  };
}
