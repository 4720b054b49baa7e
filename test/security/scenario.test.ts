import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import type { Actor } from '../../src/domain/actor.js';
import { loadListSources } from '../../src/domain/list-sources.js';
import { caseReportHtml } from '../../src/export/case-report.js';
import { stixToPackage } from '../../src/export/stix/bundle.js';
import { validateStixObject, type StixObject } from '../../src/export/stix/schema.js';
import { BUNDLED_LISTS_DIR, importSource } from '../../src/ingest/importer.js';
import { createServices, type Services } from '../../src/services/container.js';
import type { Store } from '../../src/store/types.js';
import { mispToPackage, packageToMisp } from '../../src/export/misp/event.js';
import { plain, samplePackage } from '../helpers/exchange.js';
import { STORES } from '../helpers/stores.js';

const FIX = new URL('../fixtures/companies-house/', import.meta.url).pathname;
const OFFICES = ['office-a', 'office-b', 'office-c', 'office-d'];
const staff = (officeId: string): Actor => ({ userId: `caseworker-${officeId}`, officeId, role: 'staff' });
const admin = (officeId: string): Actor => ({ userId: `admin-${officeId}`, officeId, role: 'admin' });
const security: Actor = { userId: 'security-officer', officeId: 'office-a', role: 'security_officer', offices: OFFICES };
const securityB: Actor = { userId: 'officer-b', officeId: 'office-b', role: 'security_officer', offices: ['office-b'] };

const report = (name: string, contact: Record<string, unknown>) => ({
  contact: { name, claimedRole: 'recruiter', ...contact }, date: '2026-11-02', channel: 'linkedin', types: ['job_offer'],
  approached: { name: 'Researcher' }, asked: 'A paid "consultancy paper" on the committee\'s work on export controls', answers: [],
});

describe.each(STORES.filter((s) => s.available))('the security team’s view, end to end ($name)', (factory) => {
  let store: Store;
  let dispose: () => Promise<void>;
  let s: Services;
  const refs: Record<string, string> = {};
  let donorRef = '';

  beforeAll(async () => {
    ({ store, dispose } = await factory.make());
    s = createServices(store, loadConfig(), () => new Date('2026-11-20T10:00:00.000Z'));
    await importSource(store, admin('office-a'), loadListSources().lists.find((l) => l.dataset === 'ofac-sdn')!, BUNDLED_LISTS_DIR);
    for (const o of OFFICES) await s.approaches.setOffice(admin(o), { name: `Office ${o.slice(-1).toUpperCase()}`, kind: 'commons' });
    // One recruiter, three offices, three spellings, two scripts; each report shares one detail with another.
    refs.a = (await s.approaches.addApproach(staff('office-a'), report('Dmitry Volkov', { emails: ['d.volkov@horizon-talent.example'], employer: 'Horizon Talent Partners' }))).contact.id;
    refs.b = (await s.approaches.addApproach(staff('office-b'), report('Дмитрий Волков', { employer: 'Horizon Talent Partners Ltd', phones: ['+44 7700 900123'] }))).contact.id;
    refs.c = (await s.approaches.addApproach(staff('office-c'), report('Dmitri Volkoff', { phones: ['07700 900123'], profiles: ['https://uk.linkedin.com/in/dvolkov-talent/'] }))).contact.id;
    refs.d = (await s.approaches.addApproach(staff('office-d'), report('Sarah Okafor', { emails: ['s.okafor@example.org'] }))).contact.id;
    const donation = await s.money.add(admin('office-a'), {
      kind: 'donation', recipient: 'member', amount: 5000, received: '2026-10-01', description: 'support for the office',
      donor: { name: 'Meridian Bridge Trading Ltd', type: 'company', companyNumber: '14567890', evidence: { incorporated_in_uk: true, carries_on_business_in_uk: true } },
    });
    donorRef = `donor:office-a:${donation.id}`;
    await s.security.graph.importRegister(staff('office-a'), { companies: `${FIX}companies.csv`, officers: `${FIX}officers.csv`, pscs: `${FIX}psc.csv` });
  }, 120_000);
  afterAll(() => dispose());

  it('clusters the recruiter across three offices with the evidence spelled out', async () => {
    const clusters = await s.security.resolution.clusters(security);
    expect(clusters).toHaveLength(1);
    const [c] = clusters;
    expect(c.members.map((m) => m.name).sort()).toEqual(['Dmitri Volkoff', 'Dmitry Volkov', 'Дмитрий Волков']);
    expect(c.offices).toBe(3);
    const evidence = c.links.flatMap((l) => l.evidence.map((e) => e.detail)).join('\n');
    expect(evidence).toMatch(/names match .*Дмитрий Волков/);
    expect(evidence).toMatch(/both give \+447700900123/);
    expect(evidence).toMatch(/both claim Horizon Talent Partners/);
  });

  it('alerts the security officers of each office, and tells each reporting office only that it is part of something larger', async () => {
    const alerts = await s.security.alerts.alerts(security);
    expect(alerts.map((a) => a.officeId).sort()).toEqual(['office-a', 'office-b', 'office-c']);
    expect(alerts.every((a) => a.reason === 'offices' && a.offices === 3)).toBe(true);
    const onlyB = await s.security.alerts.alerts(securityB);
    expect(onlyB).toHaveLength(1);
    expect(JSON.stringify(onlyB)).not.toMatch(/office-a|office-c|Dmitry Volkov|Volkoff/);
    expect(await s.security.resolution.clusters(securityB)).toEqual([]);
    const noticeB = await s.security.alerts.notices(staff('office-b'));
    expect(noticeB).toHaveLength(1);
    expect(noticeB[0].message).toMatch(/part of something larger/);
    expect(JSON.stringify(noticeB)).not.toMatch(/office-a|office-c|Volkoff|Dmitry Volkov/);
    expect(await s.security.alerts.notices(staff('office-d'))).toEqual([]);
    await expect(s.security.alerts.alerts(staff('office-a'))).rejects.toMatchObject({ code: 'BWK_ERR_FORBIDDEN' });
  });

  it('an officer splits a record off, the split is audited, and reverting it restores the cluster', async () => {
    const c = `contact:office-c:${refs.c}`;
    const d = await s.security.resolution.decide(security, { type: 'split', refs: [c], apart: [`contact:office-a:${refs.a}`, `contact:office-b:${refs.b}`], reason: 'different phone owner' });
    expect((await s.security.resolution.clusters(security))[0].members).toHaveLength(2);
    await s.security.resolution.revert(security, d.id, 'the phone is his after all');
    expect((await s.security.resolution.clusters(security))[0].members).toHaveLength(3);
    expect((await store.auditFor([d.id])).map((e) => e.action)).toEqual(['cluster.split', 'cluster.revert']);
    await expect(s.security.resolution.decide(securityB, { type: 'confirm', refs: [c, `contact:office-b:${refs.b}`], reason: 'x' })).rejects.toMatchObject({ code: 'BWK_ERR_NOT_FOUND' });
  });

  it('finds the explained path from the donor to the listed director', async () => {
    const paths = await s.security.graph.paths(security, donorRef, 'listed:ofac-sdn:16961');
    expect(paths.length).toBeGreaterThan(0);
    expect(paths[0].steps.map((x) => x.edge.type)).toEqual(['is-company', 'director-of', 'listed-as']);
    expect(paths[0].sentence).toMatch(/Meridian Bridge Trading Ltd is the registered company MERIDIAN BRIDGE TRADING LTD \(14567890\).*GIRKIN, Igor Vsevolodovich is a director of .*matches the listed party/);
    const around = await s.security.graph.neighbourhood(security, 'company:14567890', 1);
    expect(around.edges.map((e) => e.type).sort()).toEqual(['director-of', 'is-company', 'officer-of', 'owns', 'registered-at']);
  });

  it('opens a case from the alert, works it, prints it and exports it as valid STIX that round-trips', async () => {
    const [cluster] = await s.security.resolution.clusters(security);
    const [alert] = await s.security.alerts.alerts(security);
    const opened = await s.security.cases.open(security, { title: 'Recruiter writing to three offices', priority: 'high', tlp: 'amber', fromAlert: alert.id, links: [{ kind: 'cluster', ref: cluster.id }], note: 'Three reports in one week.' });
    const worked = await s.security.cases.update(security, opened.id, { assignee: 'security-officer', status: 'investigating', note: 'Phone confirmed by office C.' });
    expect(worked.timeline.map((t) => t.action)).toEqual(['case.open', 'case.update']);
    expect(worked.daysOpen).toBe(0);
    const html = caseReportHtml(worked, [cluster]);
    expect(html).toMatch(/@media print/);
    expect(html).toContain('TLP:AMBER');
    expect(html).toContain('Дмитрий Волков');
    const pkg = await s.security.exchange.packageForCase(security, opened.id);
    expect(pkg.parties.filter((p) => p.kind === 'person')).toHaveLength(3);
    const out = await s.security.exchange.export(security, pkg, 'stix', 'group');
    const bundle = JSON.parse(out.body) as { objects: StixObject[] };
    for (const o of bundle.objects) expect(validateStixObject(o, true), o.id).toEqual({ ok: true });
    expect(plain({ ...stixToPackage(out.body).pkg, title: pkg.title })).toEqual(plain(pkg));
    expect((await s.security.exchange.export(security, pkg, 'stix', 'group')).body).toBe(out.body);
    await expect(s.security.exchange.export(security, { ...pkg, tlp: 'red' }, 'misp', 'group')).rejects.toMatchObject({ code: 'BWK_ERR_FORBIDDEN' });
    await expect(s.security.cases.get(securityB, opened.id)).rejects.toMatchObject({ code: 'BWK_ERR_NOT_FOUND' });
  });

  it('a selection with the donor exports its company number, and a MISP event that round-trips', async () => {
    const pkg = await s.security.exchange.packageForSelection(security, { title: 'Donor with a listed director', tlp: 'green', refs: [donorRef] });
    expect(pkg.parties).toEqual([expect.objectContaining({ kind: 'organisation', name: 'Meridian Bridge Trading Ltd', companyNumber: '14567890' })]);
    const out = await s.security.exchange.export(security, pkg, 'misp', 'community');
    expect(plain(mispToPackage(out.body).pkg)).toEqual(plain({ ...pkg, created: new Date(Math.floor(Date.parse(pkg.created) / 1000) * 1000).toISOString() }));
  });

  it('a partner’s MISP event joins the cluster through a shared phone, held in the importing office', async () => {
    const partner = samplePackage({ tlp: 'green', producer: 'Partner security team', parties: [{ ...samplePackage().parties[0], name: 'D. Volkov', emails: [], profiles: [] }], actors: [], indicators: [], approaches: [], links: [], notes: [] });
    await s.security.exchange.import(security, 'misp', JSON.stringify(packageToMisp(partner).event));
    const [c] = await s.security.resolution.clusters(security);
    const p = c.members.find((m) => m.ref.startsWith('partner:'))!;
    expect(p).toMatchObject({ officeId: 'office-a', name: 'D. Volkov' });
    expect(c.links.some((l) => (l.a === p.ref || l.b === p.ref) && l.evidence.some((e) => e.detail === 'both give +447700900123'))).toBe(true);
  });
});
