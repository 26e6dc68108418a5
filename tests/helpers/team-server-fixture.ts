import { afterAll, beforeAll } from 'vitest';
import { type LocalCluster, startLocalCluster } from '../../src/server/pg/local-cluster';
import { initTeamServer, type RunningTeamServer, startTeamServer } from '../../src/server/team-server';
import { tempDir } from './temp';

export interface TeamServerFixture {
  cluster: LocalCluster;
  server: RunningTeamServer;
  adminId: string;
}

/**
 * For one test file: a private PostgreSQL cluster, the team schema with its first admin, and
 * a team server on loopback (with a media folder when asked); stopped after the file. Read the fields inside tests (set in beforeAll).
 */
export function useTeamServer(o: { media?: boolean } = {}): TeamServerFixture {
  const f = {} as TeamServerFixture;
  beforeAll(async () => {
    f.cluster = await startLocalCluster({ dataDir: tempDir('sb-pg-', 'file'), settings: { fsync: 'off' } });
    f.adminId = (await initTeamServer(f.cluster.url, { login: 'admin', name: 'Admin' })).adminId;
    f.server = await startTeamServer({ databaseUrl: f.cluster.url, listen: { host: '127.0.0.1', port: 0 }, mediaDir: o.media ? tempDir('sb-media-') : null });
  });
  afterAll(async () => {
    await f.server?.close();
    await f.cluster?.stop();
  });
  return f;
}
