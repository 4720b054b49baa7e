import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import type { Actor } from '../../src/domain/actor.js';
import { createServices, type Services } from '../../src/services/container.js';
import type { Store } from '../../src/store/types.js';
import { STORES } from '../helpers/stores.js';

const staff = (officeId: string): Actor => ({ userId: `caseworker-${officeId}`, officeId, role: 'staff' });
const security: Actor = { userId: 'security-officer', officeId: 'office-a', role: 'security_officer', offices: ['office-a', 'office-b'] };

const report = (contact: Record<string, unknown>, more: Record<string, unknown> = {}) => ({
  contact, date: '2026-11-02', channel: 'email', types: ['meeting_request'], approached: { name: 'Researcher' }, asked: 'Asked to meet about the committee', answers: [], ...more,
});

describe.each(STORES.filter((s) => s.available))('TLP markings on approaches and contacts, held on sharing and export ($name)', (factory) => {
  let store: Store;
  let dispose: () => Promise<void>;
  let s: Services;
  let open: { approach: string; contact: string };
  let secret: { approach: string; contact: string };
  let groupId: string;

  beforeAll(async () => {
    ({ store, dispose } = await factory.make());
    s = createServices(store, loadConfig(), () => new Date('2026-11-20T10:00:00.000Z'));
    for (const o of ['office-a', 'office-b']) await s.approaches.setOffice({ ...staff(o), role: 'admin' }, { name: `Office ${o}`, kind: 'commons' });
    const a = await s.approaches.addApproach(staff('office-a'), report({ name: 'Harriet Lowe', emails: ['h.lowe@example.org'] }));
    open = { approach: a.approach.id, contact: a.contact.id };
    const b = await s.approaches.addApproach(staff('office-a'), report({ name: 'Ivo Brandt' }, { asked: 'Wanted the whip office rota', tlp: 'red' }));
    secret = { approach: b.approach.id, contact: b.contact.id };
    groupId = (await s.security.sharing.createGroup(security, { name: 'Parliamentary security', tlp: 'amber', members: [{ officeId: 'office-a' }, { officeId: 'office-b' }] })).id;
  }, 60_000);
  afterAll(() => dispose());

  it('a report is TLP:AMBER unless marked otherwise, and its contact is never marked less strictly than its reports', async () => {
    expect((await store.getApproach('office-a', open.approach))!.data.tlp).toBe('amber');
    expect((await store.getContact('office-a', open.contact))!.data.tlp).toBe('amber');
    expect((await store.getContact('office-a', secret.contact))!.data.tlp).toBe('red');
    // A later, milder report about the same person does not lower the contact's marking.
    await s.approaches.addApproach(staff('office-a'), report({ id: secret.contact, name: 'Ivo Brandt' }, { tlp: 'green' }));
    expect((await store.getContact('office-a', secret.contact))!.data.tlp).toBe('red');
    await expect(s.approaches.addApproach(staff('office-a'), report({ name: 'X' }, { tlp: 'white' }))).rejects.toMatchObject({ code: 'BWK_ERR_INPUT', location: { field: 'tlp' } });
  });

  it('a share may not mark a report less strictly than the report, nor carry one that may not reach a group', async () => {
    const share = (actor: Actor, approach: string, tlp: string) => s.security.sharing.share(actor, { groupId, subject: { kind: 'approach', id: approach }, title: 'Approach', summary: 'A meeting request', tlp });
    await expect(share(staff('office-a'), open.approach, 'green')).rejects.toThrow(/marked TLP:AMBER; a share may not mark it less strictly \(TLP:GREEN\)/);
    expect((await share(staff('office-a'), open.approach, 'amber')).tlp).toBe('amber');
    await expect(share(staff('office-a'), secret.approach, 'amber')).rejects.toThrow(/marked TLP:RED and may not go to a sharing group/);
    // Another office's report cannot be shared, and reads as not found.
    await expect(share(staff('office-b'), open.approach, 'amber')).rejects.toMatchObject({ code: 'BWK_ERR_NOT_FOUND' });
  });

  it('an export leaves out what is marked stricter than the package, and its loss report says so', async () => {
    const pkg = await s.security.exchange.packageForSelection(security, { title: 'Approaches this month', tlp: 'amber', refs: [`contact:office-a:${open.contact}`, `contact:office-a:${secret.contact}`] });
    expect(pkg.parties.map((p) => p.name)).toEqual(['Harriet Lowe']);
    const out = await s.security.exchange.export(security, pkg, 'stix', 'group');
    expect(out.body).toContain('Harriet Lowe');
    expect(out.body).not.toMatch(/Ivo Brandt|whip office/);
    expect(out.losses.filter((l) => l.reason.startsWith('withheld'))).toEqual([
      { format: 'stix', field: 'contacts', key: `contact:office-a:${secret.contact}`, reason: "withheld: the contact is marked TLP:RED, stricter than the package's TLP:AMBER" },
    ]);
    // A package marked RED may hold it, and is never written to a file for a group.
    const red = await s.security.exchange.packageForSelection(security, { title: 'Named recipients', tlp: 'red', refs: [`contact:office-a:${secret.contact}`] });
    expect(red.parties.map((p) => p.name)).toEqual(['Ivo Brandt']);
    await expect(s.security.exchange.export(security, red, 'misp', 'group')).rejects.toMatchObject({ code: 'BWK_ERR_FORBIDDEN' });
  });
});
