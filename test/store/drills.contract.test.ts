import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AwarenessService } from '../../src/services/awareness.js';
import type { Store } from '../../src/store/types.js';
import { STORES } from '../helpers/stores.js';

const member = { userId: 'amira', officeId: 'office-a', role: 'staff' as const };
const colleague = { userId: 'ben', officeId: 'office-a', role: 'member' as const };
const elsewhere = { userId: 'cara', officeId: 'office-b', role: 'staff' as const };
const officer = { userId: 'sec', officeId: 'office-a', role: 'security_officer' as const };
const right = { recruiter: { q1: 'b', q2: 'b', q3: 'c' }, journalist: { q1: 'a', q2: 'b', q3: 'b' }, 'paid-trip': { q1: 'a', q2: 'b', q3: 'a' }, 'foreign-parent-donor': { q1: 'b', q2: 'a', q3: 'a' } };

describe.each(STORES)('drill completions: $name', (factory) => {
  let store: Store;
  let dispose: () => Promise<void>;
  let service: AwarenessService;
  beforeAll(async () => {
    if (!factory.available) return;
    ({ store, dispose } = await factory.make());
    service = new AwarenessService(store);
  });
  afterAll(async () => {
    if (dispose) await dispose();
  });
  const maybe = factory.available ? it : it.skip;

  maybe('stores each attempt with its audit entry, per office and user; the newest counts', async () => {
    const first = await service.submitDrill(member, 'recruiter', { q1: 'a', q2: 'b', q3: 'c' });
    expect(first).toMatchObject({ correct: 2, total: 3, passed: false });
    expect(await service.submitDrill(member, 'recruiter', right.recruiter)).toMatchObject({ correct: 3, passed: true });
    await service.submitDrill(colleague, 'journalist', { q1: 'a', q2: 'a', q3: 'b' });
    await service.submitDrill(elsewhere, 'recruiter', right.recruiter);
    expect(await service.mine(member)).toMatchObject({ recruiter: { correct: 3, total: 3 } });
    const rows = await store.drillCompletions('office-a', 'amira');
    expect(rows.map((r) => [r.drillId, r.correct, r.drillVersion])).toEqual([['recruiter', 2, 1], ['recruiter', 3, 1]]);
    expect((await store.drillCompletions('office-a')).map((r) => r.userId).sort()).toEqual(['amira', 'amira', 'ben']);
    const audit = await store.listAudit({ officeId: 'office-a' });
    expect(audit.filter((a) => a.action === 'drill.complete').map((a) => a.subject)).toEqual(['recruiter', 'recruiter', 'journalist']);
  });

  maybe('security officers see their office’s completion; others are refused', async () => {
    for (const [id, answers] of Object.entries(right)) await service.submitDrill(colleague, id, answers);
    const view = await service.officeCompletion(officer);
    expect(view.drills).toHaveLength(4);
    const byUser = Object.fromEntries(view.users.map((u) => [u.userId, u]));
    expect(Object.keys(byUser).sort()).toEqual(['amira', 'ben']);
    expect(byUser.ben.allPassed).toBe(true);
    expect(byUser.amira).toMatchObject({ allPassed: false, completed: { recruiter: { correct: 3 } } });
    await expect(service.officeCompletion(member)).rejects.toMatchObject({ code: 'BWK_ERR_FORBIDDEN' });
  });

  maybe('refuses an unknown drill and unanswered questions without storing anything', async () => {
    await expect(service.submitDrill(member, 'nope', {})).rejects.toMatchObject({ code: 'BWK_ERR_NOT_FOUND' });
    await expect(service.submitDrill(member, 'journalist', { q1: 'a' })).rejects.toMatchObject({ code: 'BWK_ERR_INPUT', location: { field: 'answers.q2' } });
    expect((await store.drillCompletions('office-a', 'amira')).map((r) => r.drillId)).toEqual(['recruiter', 'recruiter']);
  });
});
