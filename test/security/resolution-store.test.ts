import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import type { Actor } from '../../src/domain/actor.js';
import { packageToMisp } from '../../src/export/misp/event.js';
import { packageToStix } from '../../src/export/stix/bundle.js';
import { clusterIdOf } from '../../src/risk/resolution/clusters.js';
import { createServices, type Services } from '../../src/services/container.js';
import { ALERT_KIND, NOTICE_KIND } from '../../src/services/resolver.js';
import { MIGRATIONS } from '../../src/store/migrations.js';
import { PostgresStore } from '../../src/store/postgres.js';
import { SqliteStore } from '../../src/store/sqlite.js';
import type { Store } from '../../src/store/types.js';
import { samplePackage } from '../helpers/exchange.js';
import { STORES } from '../helpers/stores.js';

const config = loadConfig();
const OFFICES = ['office-a', 'office-b', 'office-c', 'office-d', 'office-e'];
const staff = (officeId: string): Actor => ({ userId: `caseworker-${officeId}`, officeId, role: 'staff' });
const officer: Actor = { userId: 'security-officer', officeId: 'office-a', role: 'security_officer', offices: OFFICES };
const officerD: Actor = { userId: 'officer-d', officeId: 'office-d', role: 'security_officer', offices: ['office-d'] };
const report = (name: string, contact: Record<string, unknown> = {}) => ({
  contact: { name, claimedRole: 'recruiter', ...contact }, date: '2026-11-02', channel: 'linkedin', types: ['job_offer'],
  approached: { name: 'Researcher' }, asked: 'A paid "consultancy paper" on the committee\'s work', answers: [],
});
/** Each call a second later: the order records were first reported in is what names a cluster. */
const ticking = () => {
  let t = Date.parse('2026-11-20T10:00:00.000Z');
  return () => new Date((t += 1000));
};
/** Another process's view of the same database: a second connection, nothing shared in memory. */
function reopen(store: Store, checkpoint: string): Store {
  return store instanceof PostgresStore ? new PostgresStore(config.pgTestUrl, store.schema, { auditCheckpoint: checkpoint }) : new SqliteStore((store as SqliteStore).path, { auditCheckpoint: checkpoint });
}
const stored = async (store: Store, kind: string) => (await store.listSecurityRecords(kind)).map((r) => ({ id: r.id, office: r.scope, ...r.data }) as Record<string, unknown>);

describe.each(STORES.filter((f) => f.available))('resolution kept in the store, across reports, restarts and processes ($name)', (factory) => {
  let store: Store;
  let dispose: () => Promise<void>;
  let checkpoint: string;
  let s: Services;
  const opened: Store[] = [];
  const refs: Record<string, string> = {};
  let clusterId = '';
  const add = async (services: Services, officeId: string, name: string, contact: Record<string, unknown> = {}) => `contact:${officeId}:${(await services.approaches.addApproach(staff(officeId), report(name, contact))).contact.id}`;

  beforeAll(async () => {
    ({ store, dispose, checkpoint } = await factory.make());
    s = createServices(store, config, ticking());
  }, 60_000);
  afterAll(async () => {
    for (const o of opened) await o.close();
    await dispose();
  });

  it('alerts every office when the report that brings the cluster to three offices is stored, under the name of its earliest member', async () => {
    refs.c = await add(s, 'office-c', 'Dmitri Volkoff', { phones: ['07700 900123'] });
    refs.b = await add(s, 'office-b', 'Дмитрий Волков', { employer: 'Horizon Talent Partners Ltd', phones: ['+44 7700 900123'] });
    const [two] = await s.security.resolution.clusters(officer);
    clusterId = two.id;
    expect(clusterId).toBe(clusterIdOf(refs.c));
    expect(await stored(store, ALERT_KIND)).toEqual([]);
    refs.a = await add(s, 'office-a', 'Dmitry Volkov', { employer: 'Horizon Talent Partners', emails: ['d.volkov@horizon-talent.example'] });
    // Read straight from the store: nothing is worked out when alerts are read.
    const alerts = await stored(store, ALERT_KIND);
    expect(alerts.map((a) => [a.office, a.reason, a.clusterId, a.offices]).sort()).toEqual([['office-a', 'offices', clusterId, 3], ['office-b', 'offices', clusterId, 3], ['office-c', 'offices', clusterId, 3]]);
    expect(JSON.stringify(alerts.find((a) => a.office === 'office-b'))).not.toMatch(/office-a|office-c|Dmitry Volkov|Volkoff/);
    const notices = await stored(store, NOTICE_KIND);
    expect(notices.map((n) => n.office).sort()).toEqual(['office-a', 'office-b', 'office-c']);
    const names: Record<string, string> = { 'office-a': 'Dmitry Volkov', 'office-b': 'Дмитрий Волков', 'office-c': 'Dmitri Volkoff' };
    for (const n of notices) {
      const others = Object.entries(names).filter(([o]) => o !== n.office);
      for (const text of others.flat()) expect(JSON.stringify(n)).not.toContain(text);
    }
    // Office A's record sorts first, yet the cluster keeps the name it had.
    expect(refs.a < refs.c).toBe(true);
    expect((await s.security.resolution.clusters(officer)).map((c) => c.id)).toEqual([clusterId]);
  });

  it('an officer’s decision and the alerts stay with the cluster through a restart and a new report; a new process builds nothing', async () => {
    refs.e = await add(s, 'office-e', 'D. Volkov');
    const confirmed = await s.security.resolution.decide(officer, { type: 'confirm', refs: [refs.a, refs.e], reason: 'same LinkedIn messages' });
    const before = await s.security.resolution.clusters(officer);
    expect(before).toHaveLength(1);
    expect(before[0]).toMatchObject({ id: clusterId, decisions: [confirmed.id], offices: 4 });
    // The confirmation brought office E in: it is alerted as a report would have.
    expect((await stored(store, ALERT_KIND)).find((a) => a.office === 'office-e')).toMatchObject({ clusterId, offices: 4 });
    const alertIds = (await stored(store, ALERT_KIND)).map((a) => a.id).sort();

    const next = reopen(store, checkpoint);
    opened.push(next);
    const restarted = createServices(next, config, ticking());
    const parties = (await next.tableCounts()).resolution_parties;
    expect(await restarted.security.resolution.settle()).toBe(0);
    expect(await restarted.security.resolution.clusters(officer)).toEqual(before);
    refs.d = await add(restarted, 'office-d', 'Dmitriy Volkov', { phones: ['+447700900123'] });
    expect((await next.tableCounts()).resolution_parties).toBe(parties + 1);
    const after = await restarted.security.resolution.clusters(officer);
    expect(after.map((c) => [c.id, c.members.length, c.decisions, c.offices])).toEqual([[clusterId, 5, [confirmed.id], 5]]);
    const alerts = await stored(next, ALERT_KIND);
    expect(alerts.map((a) => a.id).sort()).toEqual([...alertIds, ...alerts.filter((a) => a.office === 'office-d').map((a) => a.id)].sort());
    expect(alerts.every((a) => a.clusterId === clusterId && a.offices === 5)).toBe(true);
    // A case linked to the cluster finds it by that name.
    const opened_ = await restarted.security.cases.open(officer, { title: 'Recruiter', links: [{ kind: 'cluster', ref: clusterId }] });
    expect((await restarted.security.exchange.packageForCase(officer, opened_.id)).parties.filter((p) => p.kind === 'person')).toHaveLength(5);
  });

  it('a report stored by a process that stopped before resolving it is resolved by the next one to look', async () => {
    const now = '2026-11-20T12:00:00.000Z';
    const contact = { id: 'stranded', officeId: 'office-b', name: 'Dmitry Volkov', data: { kind: 'person', phones: ['07700 900123'] }, createdAt: now, updatedAt: now };
    const approach = { id: 'stranded-approach', officeId: 'office-b', contactId: 'stranded', date: '2026-11-03', data: { channel: 'phone' }, assessment: {}, catalogueVersion: 1, createdBy: 'x', createdAt: now };
    await store.recordApproach({ contact, keys: [], approach, attachments: [], alerts: [], audit: { actor: 'x', officeId: 'office-b', action: 'approach.add', subject: approach.id, detail: {} }, queue: ['contact:office-b:stranded'] });
    const other = createServices(opened[0], config, ticking());
    const alerts = await other.security.alerts.alerts(officer);
    expect(alerts.find((a) => a.officeId === 'office-b')?.refs).toEqual(expect.arrayContaining([refs.b, 'contact:office-b:stranded']));
    expect(await store.resolutionQueue({ limit: 10 })).toEqual([]);
  });

  // Two SQLite connections in one Node process would wait on each other's lock synchronously: SQLite's second process is a real one (test/api/two-process.test.ts).
  it.runIf(factory.name === 'postgres')('two processes reporting at once build one cluster, and agree on it', async () => {
    const one = createServices(reopen(store, checkpoint), config, ticking());
    const two = createServices(reopen(store, checkpoint), config, ticking());
    opened.push(one.store, two.store);
    const made = await Promise.all([
      add(one, 'office-a', 'Olena Sydorenko', { emails: ['o.sydorenko@policy-bridge.example'] }),
      add(two, 'office-b', 'Олена Сидоренко', { emails: ['O.Sydorenko@policy-bridge.example'], phones: ['07700 900555'] }),
      add(one, 'office-c', 'Olena Sydorenko', { phones: ['+44 7700 900555'] }),
      add(two, 'office-d', 'Elena Sidorenko', { emails: ['o.sydorenko@policy-bridge.example'] }),
    ]);
    const seen = async (x: Services) => (await x.security.resolution.clusters(officer)).find((c) => c.members.some((m) => m.ref === made[0]));
    const fromOne = await seen(one);
    expect(fromOne?.members.map((m) => m.ref).sort()).toEqual([...made].sort());
    expect(await seen(two)).toEqual(fromOne);
    expect((await stored(store, ALERT_KIND)).filter((a) => a.clusterId === fromOne!.id).map((a) => a.office).sort()).toEqual(['office-a', 'office-b', 'office-c', 'office-d']);
  });

  it('a partner’s indicators alert the office whose contact matches them, on their own and within the marking', async () => {
    const person = { ...samplePackage().parties[0], name: 'Marek Zielinski', aliases: [], emails: [], phones: ['+447700900777'], profiles: [] };
    const indicator = { ...samplePackage().indicators[0], value: 'talent@northbridge-careers.example', indicates: undefined };
    const profile = { ...indicator, key: clusterIdOf('profile indicator'), kind: 'url' as const, value: 'https://www.linkedin.com/in/northbridge-talent' };
    const pkg = samplePackage({ title: 'Recruiters seen by partners', tlp: 'amber', producer: 'Partner CERT', parties: [person], actors: [], indicators: [indicator, profile], approaches: [], links: [], notes: [] });
    // Reported before the partner's file arrived: alerted when it is imported.
    const early = await add(s, 'office-e', 'M. Zielinski', { phones: ['07700 900777'] });
    await s.security.exchange.import(officer, 'misp', JSON.stringify(packageToMisp(pkg).event));
    // Reported after: alerted when the report is stored, though no other office reported it.
    const late = await add(s, 'office-d', 'Recruitment desk', { emails: ['Talent@Northbridge-Careers.example'] });
    const byName = await add(s, 'office-b', 'Marek Zielinski');
    const byProfile = await add(s, 'office-c', 'Northbridge Talent', { profiles: ['https://uk.linkedin.com/in/Northbridge-Talent/'] });
    const partner = (await stored(store, ALERT_KIND)).filter((a) => a.reason === 'partner');
    expect(partner.map((a) => [a.office, (a.refs as string[])[0]]).sort()).toEqual([['office-b', byName], ['office-c', byProfile], ['office-d', late], ['office-e', early]]);
    expect(partner.find((a) => a.office === 'office-c')?.evidence).toEqual(['both use linkedin.com/in/northbridge-talent']);
    expect(partner.find((a) => a.office === 'office-d')).toMatchObject({ evidence: ['both use talent@northbridge-careers.example'], message: expect.stringMatching(/^Recruitment desk, reported to this office, matches what Partner CERT shared \("Recruiters seen by partners", TLP:AMBER\)/) });
    expect(partner.find((a) => a.office === 'office-b')?.message).toMatch(/may match what Partner CERT shared/);
    const seenByD = await s.security.alerts.alerts(officerD);
    expect(seenByD.filter((a) => a.reason === 'partner').map((a) => a.refs)).toEqual([[late]]);
    expect(JSON.stringify(seenByD)).not.toMatch(/office-[abce]|Zielinski|Northbridge Talent/);
    // A RED file is for the importing office alone.
    const red = samplePackage({ key: clusterIdOf('red package'), title: 'For office A only', tlp: 'red', producer: 'Partner CERT', parties: [], actors: [], indicators: [{ ...indicator, key: clusterIdOf('red'), value: 'hr@quiet-harbour.example' }], approaches: [], links: [], notes: [] });
    const mine = await add(s, 'office-a', 'Quiet Harbour HR', { emails: ['hr@quiet-harbour.example'] });
    const theirs = await add(s, 'office-c', 'Quiet Harbour HR', { emails: ['hr@quiet-harbour.example'] });
    await s.security.exchange.import(officer, 'stix', JSON.stringify(packageToStix(red).bundle));
    const redAlerts = (await stored(store, ALERT_KIND)).filter((a) => (a.partner as { package?: string } | undefined)?.package === red.key);
    expect(redAlerts.map((a) => (a.refs as string[])[0])).toEqual([mine]);
    expect(redAlerts.map((a) => a.refs as string[]).flat()).not.toContain(theirs);
  });
});

describe.each(STORES.filter((f) => f.available))('a store from before the resolution index ($name)', (factory) => {
  let store: Store;
  let dispose: () => Promise<void>;
  beforeAll(async () => {
    ({ store, dispose } = await factory.make({ target: 10 }));
  });
  afterAll(() => dispose());

  it('has its contacts resolved after the upgrade, and parties keyed under other rules resolved again', async () => {
    const at = '2026-11-01T09:00:00.000Z';
    for (const [officeId, id, name] of [['office-a', 'c1', 'Ivan Petrov'], ['office-b', 'c2', 'Иван Петров']]) {
      await store.recordApproach({
        contact: { id, officeId, name, data: { kind: 'person', phones: ['+44 7700 900321'] }, createdAt: at, updatedAt: at }, keys: [],
        approach: { id: `${id}-a`, officeId, contactId: id, date: '2026-10-30', data: { channel: 'phone' }, assessment: {}, catalogueVersion: 1, createdBy: 'x', createdAt: at },
        attachments: [], alerts: [], audit: { actor: 'x', officeId, action: 'approach.add', subject: `${id}-a`, detail: {} },
      });
    }
    // Every migration after 10 is applied, the resolution index's (11) first.
    expect(await store.migrate()).toEqual(MIGRATIONS.map((m) => m.version).filter((v) => v > 10));
    expect((await store.resolutionQueue({ limit: 10 })).map((q) => q.source)).toEqual(['contact:office-a:c1', 'contact:office-b:c2']);
    const s = createServices(store, config, ticking());
    const [cluster] = await s.security.resolution.clusters(officer);
    expect(cluster.members.map((m) => m.ref)).toEqual(['contact:office-a:c1', 'contact:office-b:c2']);
    // A party keyed by an earlier Bulwark (another stamp) is resolved again by the next process that looks.
    const [old] = await store.resolutionParties({ refs: ['contact:office-a:c1'] });
    await store.writeSecurity({ resolution: { put: [{ ...old, stamp: 'resolution-v1|older', keys: ['n:obsolete'] }] }, audit: [] });
    const next = createServices(store, config, ticking());
    while ((await next.security.resolution.settle()) > 0);
    const [again] = await store.resolutionParties({ refs: ['contact:office-a:c1'] });
    expect(again.stamp).not.toBe('resolution-v1|older');
    expect(again.keys).toContain('p:+447700900321');
    expect((await next.security.resolution.clusters(officer))[0].id).toBe(cluster.id);
  });
});
