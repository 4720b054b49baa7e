import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import type { Actor } from '../../src/domain/actor.js';
import { loadListSources } from '../../src/domain/list-sources.js';
import { BUNDLED_LISTS_DIR, importSource } from '../../src/ingest/importer.js';
import { createServices, type Services } from '../../src/services/container.js';
import { STORES } from '../helpers/stores.js';

const staff = (officeId: string): Actor => ({ userId: `caseworker-${officeId}`, officeId, role: 'staff' });
const officer: Actor = { userId: 'officer', officeId: 'office-d', role: 'security_officer', offices: ['office-d', 'office-e'] };
const report = (name: string) => ({
  contact: { name, emails: ['strelkov.igor@example.net'] }, date: '2026-11-05', channel: 'email', types: ['meeting_request'], approached: { name: 'Caseworker' }, asked: 'a meeting about Donbas', answers: [],
});

describe.each(STORES.filter((s) => s.name === 'sqlite'))('a cluster holding a listed party ($name)', (factory) => {
  let s: Services;
  let dispose: () => Promise<void>;
  beforeAll(async () => {
    const made = await factory.make();
    dispose = made.dispose;
    s = createServices(made.store, loadConfig(), () => new Date('2026-11-20T10:00:00.000Z'));
    await importSource(made.store, { ...staff('office-d'), role: 'admin' }, loadListSources().lists.find((l) => l.dataset === 'ofac-sdn')!, BUNDLED_LISTS_DIR);
    await s.approaches.addApproach(staff('office-d'), report('Igor Vsevolodovich Girkin'));
    await s.approaches.addApproach(staff('office-e'), report('Игорь Всеволодович Гиркин'));
  }, 60_000);
  afterAll(() => dispose());

  it('alerts both offices for the listed party although only two offices are involved', async () => {
    const alerts = await s.security.alerts.alerts(officer);
    expect(alerts.map((a) => [a.officeId, a.reason]).sort()).toEqual([['office-d', 'listed'], ['office-e', 'listed']]);
    expect(alerts[0].message).toMatch(/contains a listed party: GIRKIN, Igor Vsevolodovich/);
    expect((await s.security.alerts.notices(staff('office-e')))[0].message).not.toMatch(/office-d/);
  });
});
