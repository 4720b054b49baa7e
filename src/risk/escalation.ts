import type { Catalogue, Level } from './catalogue.js';
import { levelFor, levelRank } from './catalogue.js';
import { combine, stageName, type Assessment, type FiredIndicator } from './score.js';

export interface TimelineEntry {
  approachId: string;
  date: string;
  channel: string;
  types: string[];
  assessment: Assessment;
}

export type AlertKind = 'stage_escalation' | 'narrowing_requests' | 'weak_signs_accumulate' | 'watchlist_match' | 'high_risk';

export interface RelationshipAlert {
  kind: AlertKind;
  approachId: string;
  message: string;
  level: Level;
}

export interface RelationshipAssessment {
  score: number;
  level: Level;
  /** Distinct indicators fired across all approaches, each counted once. */
  fired: FiredIndicator[];
  stage: string;
  stageName: string;
  timeline: TimelineEntry[];
  alerts: RelationshipAlert[];
}

const stageNo = (s: string) => Number(s.slice(3));
/** Asks that touch only what is public: meeting, interview, collaboration, expertise. */
const PUBLIC_ASKS = new Set(['meeting_request', 'interview', 'research_collaboration']);
const SENSITIVE = new Set(['RF-A09', 'RF-A17', 'RF-A21']);

/**
 * Reads a contact's approaches in date order as one relationship (G-07: a genuine contact can
 * turn malign by steps): the combined score, the stage reached, and alerts when it climbs a
 * cultivation stage, when asks narrow from public to sensitive, or when weak signs add up.
 */
export function assessRelationship(c: Catalogue, entries: TimelineEntry[]): RelationshipAssessment {
  // Stable sort: same-day approaches keep the order they were recorded in.
  const timeline = [...entries].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  const alerts: RelationshipAlert[] = [];
  const seen = new Map<string, FiredIndicator>();
  let maxStage = 'ST-0';
  let maxSingle: Level = 'low';
  let publicAskAt: string | undefined;
  let cumLevel: Level = 'low';
  timeline.forEach((e, k) => {
    const a = e.assessment;
    const before = combine([...seen.values()].map((f) => f.weight));
    for (const f of a.fired) if (!seen.has(f.id)) seen.set(f.id, f);
    const sensitive = a.fired.filter((f) => SENSITIVE.has(f.id));
    if (k > 0 && stageNo(a.stage) > stageNo(maxStage) && stageNo(a.stage) >= 4) {
      alerts.push({ kind: 'stage_escalation', approachId: e.approachId, level: a.level, message: `The relationship moved up from ${maxStage} (${stageName(maxStage)}) to ${a.stage} (${a.stageName}) on ${e.date}` });
    }
    if (publicAskAt && sensitive.length) {
      alerts.push({ kind: 'narrowing_requests', approachId: e.approachId, level: a.level, message: `Requests narrowed from public topics (${publicAskAt}) to sensitive ones on ${e.date}: ${sensitive.map((s) => s.id).join(', ')}` });
      publicAskAt = undefined;
    }
    if (!publicAskAt && !sensitive.length && e.types.some((t) => PUBLIC_ASKS.has(t))) publicAskAt = e.date;
    if (a.fired.some((f) => f.id === 'WL-01')) {
      alerts.push({ kind: 'watchlist_match', approachId: e.approachId, level: a.level, message: a.fired.find((f) => f.id === 'WL-01')!.because });
    }
    const combinedNow = combine([...seen.values()].map((f) => f.weight));
    // Weak signs: none of the approaches reached medium alone, but together they do.
    if (k > 0 && levelRank(maxSingle) < levelRank('medium') && levelRank(a.level) < levelRank('medium') && levelRank(levelFor(c, combinedNow)) >= levelRank('medium') && levelRank(levelFor(c, before)) < levelRank('medium')) {
      alerts.push({ kind: 'weak_signs_accumulate', approachId: e.approachId, level: levelFor(c, combinedNow), message: `${seen.size} weak signs across ${k + 1} approaches add up to ${levelFor(c, combinedNow)} risk, though no single approach was more than low` });
    }
    if (stageNo(a.stage) > stageNo(maxStage)) maxStage = a.stage;
    if (levelRank(a.level) > levelRank(maxSingle)) maxSingle = a.level;
    // The relationship as a whole crossing into high, or into critical, is itself an alert.
    const cum = [levelFor(c, combinedNow), maxSingle].sort((x, y) => levelRank(y) - levelRank(x))[0];
    if (levelRank(cum) >= levelRank('high') && levelRank(cum) > levelRank(cumLevel)) {
      alerts.push({ kind: 'high_risk', approachId: e.approachId, level: cum, message: `This contact is now ${cum} risk: report it (see the recommended actions)` });
    }
    cumLevel = cum;
  });
  const fired = [...seen.values()];
  const score = combine(fired.map((f) => f.weight));
  let level = levelFor(c, score);
  if (levelRank(maxSingle) > levelRank(level)) level = maxSingle;
  return { score, level, fired, stage: maxStage, stageName: stageName(maxStage), timeline, alerts };
}
