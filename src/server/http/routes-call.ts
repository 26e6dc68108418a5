import { z } from 'zod';
import { callTeamHost, type TeamHost } from '../console/team-host';
import { jsonBody } from './request';
import type { SessionOf } from './routes-people';
import type { Route } from './routes';

/**
 * `POST /call/<channel>`: the console's transport for the app's contract — the body is the
 * channel's input, the answer its InvokeResult (as over IPC). Signed-out calls get 401, so
 * the browser can show the sign-in page.
 */
export function callRoutes(host: TeamHost, session: SessionOf): Route[] {
  return [
    ['POST', /^\/call\/([a-zA-Z]+\.[a-zA-Z]+)$/, async (req) => {
      const s = await session(req);
      return callTeamHost(host, s.user, req.params[0]!, await jsonBody(req, z.unknown()));
    }],
  ];
}
