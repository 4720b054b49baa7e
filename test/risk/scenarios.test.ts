import { readdirSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../src/domain/actor.js';
import { ApproachService } from '../../src/services/approaches.js';
import { ScreeningService } from '../../src/services/screening.js';
import type { Store } from '../../src/store/types.js';
import { withBundledLists } from '../helpers/lists.js';
import { STORES } from '../helpers/stores.js';

interface Step {
  approach: Record<string, unknown>;
  expect: { level: string; fired: string[]; alerts?: string[]; noAlerts?: boolean; actionsInclude?: string[]; actionsExclude?: string[]; reasonIncludes?: string };
}
interface Scenario {
  title: string;
  officeKind: string;
  steps: Step[];
  final: { level: string; stage: string; fired: string[] };
}

const dir = new URL('../cases/approaches/', import.meta.url);
const scenarios = readdirSync(dir)
  .filter((f) => f.endsWith('.json'))
  .map((f) => ({ file: f, ...(JSON.parse(readFileSync(new URL(f, dir), 'utf8')) as Scenario) }));

describe('approach scenarios from public cases and alerts (SQLite store with the bundled lists)', () => {
  let store: Store;
  let dispose: () => Promise<void>;
  let service: ApproachService;
  beforeAll(async () => {
    ({ store, dispose } = await STORES[0].make());
    await withBundledLists(store);
    service = new ApproachService(store, new ScreeningService(store));
  });
  afterAll(() => dispose());

  it.each(scenarios)('$file: $title', async (s) => {
    const actor: Actor = { userId: 'caseworker', officeId: `office-${s.file}`, role: 'admin' };
    await service.setOffice(actor, { name: s.file, kind: s.officeKind });
    let contactId: string | undefined;
    let lastName = '';
    for (const [i, step] of s.steps.entries()) {
      const contact = step.approach.contact as { name: string };
      // Later approaches from the same person go on the same contact record.
      const input = contact.name === lastName && contactId ? { ...step.approach, contact: { ...contact, id: contactId } } : step.approach;
      const r = await service.addApproach(actor, input);
      contactId = r.contact.id;
      lastName = contact.name;
      const where = `${s.file} step ${i + 1}`;
      expect(r.assessment.level, where).toBe(step.expect.level);
      expect(r.assessment.fired.map((f) => f.id).sort(), where).toEqual([...step.expect.fired].sort());
      for (const f of r.assessment.fired) expect(f.source.origin.length, `${where} ${f.id} cites its source`).toBeGreaterThan(2);
      const kinds = r.alerts.map((a) => a.kind);
      if (step.expect.noAlerts) expect(kinds, where).toEqual([]);
      for (const k of step.expect.alerts ?? []) expect(kinds, where).toContain(k);
      const actions = r.assessment.actions.map((a) => a.id);
      for (const a of step.expect.actionsInclude ?? []) expect(actions, where).toContain(a);
      for (const a of step.expect.actionsExclude ?? []) expect(actions, where).not.toContain(a);
      if (step.expect.reasonIncludes) expect(r.assessment.fired.map((f) => f.because).join(' | '), where).toContain(step.expect.reasonIncludes);
    }
    const view = await service.contactView(actor, contactId!);
    expect(view.relationship.level).toBe(s.final.level);
    expect(view.relationship.stage).toBe(s.final.stage);
    expect(view.relationship.fired.map((f) => f.id).sort()).toEqual([...s.final.fired].sort());
    expect(view.relationship.timeline.map((t) => t.date)).toEqual([...view.relationship.timeline.map((t) => t.date)].sort());
  });
});
