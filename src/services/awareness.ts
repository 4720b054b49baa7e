import { randomUUID } from 'node:crypto';
import type { Actor } from '../domain/actor.js';
import { AWARENESS, drillForLearner, markDrill, type DrillResult } from '../domain/awareness.js';
import { BulwarkError } from '../errors.js';
import type { AwarenessStore, DrillCompletion } from '../store/types.js';

export interface OfficeCompletion {
  officeId: string;
  drills: { id: string; title: string }[];
  /** Per user: the newest completion of each drill, and whether every drill is done with every answer right. */
  users: { userId: string; completed: Record<string, { correct: number; total: number; at: string }>; allPassed: boolean }[];
}

/**
 * The guidance and scenario drills inside the product: learners read the guidance, answer drills
 * (marked here, never in the browser), and security officers see completion per office.
 */
export class AwarenessService {
  constructor(private readonly store: AwarenessStore) {}

  guidance() {
    return AWARENESS.guidance;
  }

  drills() {
    return { version: AWARENESS.drills.version, drills: AWARENESS.drills.drills.map(drillForLearner) };
  }

  /** Marks the answers and records the attempt for the acting user, in their office. */
  async submitDrill(actor: Actor, drillId: string, answers: Record<string, string>): Promise<DrillResult & { passed: boolean }> {
    const drill = AWARENESS.drills.drills.find((d) => d.id === drillId);
    if (!drill) throw new BulwarkError('BWK_ERR_NOT_FOUND', `no drill "${drillId}"`);
    const unanswered = drill.questions.filter((q) => !answers[q.id]).map((q) => q.id);
    if (unanswered.length) throw new BulwarkError('BWK_ERR_INPUT', `answer every question (missing: ${unanswered.join(', ')})`, { field: `answers.${unanswered[0]}` });
    const result = markDrill(drill, answers);
    const completion: DrillCompletion = {
      id: randomUUID(), officeId: actor.officeId, userId: actor.userId, drillId, drillVersion: AWARENESS.drills.version, correct: result.correct, total: result.total, completedAt: new Date().toISOString(),
    };
    await this.store.recordDrillCompletion(completion, { actor: actor.userId, officeId: actor.officeId, action: 'drill.complete', subject: drillId, detail: { correct: result.correct, total: result.total } });
    return { ...result, passed: result.correct === result.total };
  }

  /** The acting user's newest result per drill. */
  async mine(actor: Actor): Promise<Record<string, { correct: number; total: number; at: string }>> {
    return newest(await this.store.drillCompletions(actor.officeId, actor.userId));
  }

  /** Completion across the actor's office (the API scopes it), for security officers and administrators. */
  async officeCompletion(actor: Actor): Promise<OfficeCompletion> {
    const officeId = actor.officeId;
    if (actor.role !== 'security_officer' && actor.role !== 'admin') throw new BulwarkError('BWK_ERR_FORBIDDEN', 'only security officers and administrators see an office’s drill completion');
    const byUser = new Map<string, DrillCompletion[]>();
    for (const c of await this.store.drillCompletions(officeId)) byUser.set(c.userId, [...(byUser.get(c.userId) ?? []), c]);
    const drills = AWARENESS.drills.drills;
    return {
      officeId,
      drills: drills.map((d) => ({ id: d.id, title: d.title })),
      users: [...byUser].map(([userId, list]) => {
        const completed = newest(list);
        return { userId, completed, allPassed: drills.every((d) => completed[d.id] && completed[d.id].correct === completed[d.id].total) };
      }),
    };
  }
}

function newest(list: DrillCompletion[]): Record<string, { correct: number; total: number; at: string }> {
  const out: Record<string, { correct: number; total: number; at: string }> = {};
  for (const c of list) out[c.drillId] = { correct: c.correct, total: c.total, at: c.completedAt };
  return out;
}
