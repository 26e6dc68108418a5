import type { Request } from './request';

/** A route: method, path below /api/v1 (a RegExp's groups become `params`), handler. */
export type Route = [method: string, path: string | RegExp, handle: (req: Request) => Promise<unknown>];

export function findRoute(routes: readonly Route[], method: string, path: string): { handle: Route[2]; params: string[] } | null {
  for (const [m, p, handle] of routes) {
    if (m !== method) continue;
    if (typeof p === 'string') {
      if (p === path) return { handle, params: [] };
      continue;
    }
    const match = p.exec(path);
    if (match) return { handle, params: match.slice(1).map((s) => decodeURIComponent(s ?? '')) };
  }
  return null;
}
