import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { buildServer } from '../../src/api/server.js';
import { loadConfig } from '../../src/config.js';
import type { Role } from '../../src/domain/actor.js';
import { loadListSources } from '../../src/domain/list-sources.js';
import { SECURITY } from '../../src/domain/security.js';
import { importSource } from '../../src/ingest/importer.js';
import { createServices, type Services } from '../../src/services/container.js';
import type { Store } from '../../src/store/types.js';
import { LISTS } from '../helpers/stores.js';

export const OFFICE_A = 'office-a';
export const OFFICE_B = 'office-b';
export const PASSWORD = 'a long enough test passphrase';

/** A clock the tests move: sessions expire, deadlines come due. */
export function testClock(start = '2026-11-30T09:00:00Z') {
  let now = Date.parse(start);
  const clock = () => new Date(now);
  return Object.assign(clock, { advance: (ms: number) => (now += ms) });
}

/** A list-source manifest with no download addresses, so `lists update` never reaches for the network in tests. */
function offlineManifest(): string {
  const m = loadListSources();
  const file = join(mkdtempSync(join(tmpdir(), 'bwk-manifest-')), 'sources.json');
  writeFileSync(file, JSON.stringify({ ...m, lists: m.lists.map((l) => ({ ...l, files: Object.fromEntries(Object.keys(l.files).map((k) => [k, null])) })) }));
  return file;
}

export interface TestServer {
  app: FastifyInstance;
  services: Services;
  clock: ReturnType<typeof testClock>;
  /** A signed-in session of a user with this role in this office (created straight in the store: no argon2 per request). */
  session(role: Role, office?: string, extraOffices?: string[]): Promise<{ cookie: string; csrf: string; username: string }>;
  close(): Promise<void>;
}

let users = 0;

/** A server over a real store with some real lists, two offices and a way to make signed-in users. */
export async function startServer(store: Store, lists: string[] = ['un-sc', 'os-zala']): Promise<TestServer> {
  const sources = loadListSources().lists;
  const admin = { userId: 'test-setup', officeId: OFFICE_A, role: 'admin' as const };
  for (const name of lists) await importSource(store, admin, sources.find((s) => s.dataset === name)!, LISTS);
  const clock = testClock();
  const config = { ...loadConfig(), listSourcesFile: offlineManifest() };
  const services = createServices(store, config, clock);
  for (const [id, kind] of [[OFFICE_A, 'commons'], [OFFICE_B, 'council']]) await services.approaches.setOffice({ ...admin, officeId: id }, { name: `Office ${id}`, kind });
  const app = await buildServer(services, { logLevel: 'silent' });
  return {
    app,
    services,
    clock,
    async session(role, office = OFFICE_A, extraOffices = []) {
      const username = `${role.replace('_', '-')}-${++users}`;
      const { user } = await services.accounts.createUser(admin, { username, role, officeId: office, offices: extraOffices, password: PASSWORD });
      const sid = randomBytes(24).toString('base64url');
      const csrf = randomBytes(24).toString('base64url');
      const now = clock();
      await store.accounts.putSession({
        idHash: createHash('sha256').update(sid).digest('hex'), userId: user.id, csrfToken: csrf, createdAt: now.toISOString(),
        expiresAt: new Date(now.getTime() + SECURITY.session.idleMinutes * 60_000).toISOString(), lastSeenAt: now.toISOString(),
      });
      return { cookie: `${SECURITY.session.cookie}=${sid}`, csrf, username };
    },
    async close() {
      services.batches.close();
      await app.close();
    },
  };
}
