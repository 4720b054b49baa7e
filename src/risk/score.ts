import type { Catalogue, Indicator, Level } from './catalogue.js';
import { levelFor, vocabulary } from './catalogue.js';
import { recommend, type Action } from './routing.js';

export const RISK_ALGORITHM = 'approach-risk-v1';

/** What scoring needs to know about one approach. */
export interface ApproachFacts {
  channel: string;
  types: string[];
  /** Indicator ids the reporter answered yes to. */
  answers: string[];
  /** Another office has recorded the same contact details. */
  crossOffice: boolean;
  /** Best watchlist result for the contact: 'match', 'possible' or none. */
  screening?: { level: 'match' | 'possible'; summary: string };
}

export interface FiredIndicator {
  id: string;
  question: string;
  weight: number;
  stage: string;
  source: Indicator['source'];
  /** Why it fired, in plain words. */
  because: string;
}

export interface Assessment {
  algorithm: string;
  catalogueVersion: number;
  score: number;
  level: Level;
  stage: string;
  stageName: string;
  fired: FiredIndicator[];
  actions: Action[];
}

const stageNo = (s: string) => Number(s.slice(3));
export const stageName = (s: string) => (vocabulary.stages as Record<string, string>)[s] ?? s;

/** Weights combine as independent signs (noisy-OR): several weak ones add up, none exceeds 100. */
export function combine(weights: number[]): number {
  return Math.round(100 * (1 - weights.reduce((p, w) => p * (1 - w / 100), 1)));
}

/** The indicators an approach sets, each with the evidence that set it. */
export function fire(c: Catalogue, f: ApproachFacts): FiredIndicator[] {
  const out: FiredIndicator[] = [];
  for (const ind of c.indicators) {
    const e = ind.evidence;
    let because: string | undefined;
    if (e.answer && f.answers.includes(ind.id)) because = 'the reporter answered yes';
    else if (e.types?.some((t) => f.types.includes(t))) because = `the approach was a ${e.types.filter((t) => f.types.includes(t)).map((t) => (vocabulary.approachTypes as Record<string, { label: string }>)[t].label.toLowerCase()).join(', ')}`;
    else if (e.crossOffice && f.crossOffice) because = 'the same contact details were reported by another office';
    else if (e.screening && f.screening?.level === e.screening) because = f.screening.summary;
    if (because) out.push({ id: ind.id, question: ind.question, weight: ind.weight, stage: ind.stage, source: ind.source, because });
  }
  return out;
}

/** Scores one approach: the indicators it sets, the level, the cultivation stage, and what to do. */
export function assessApproach(c: Catalogue, f: ApproachFacts, officeKind: string): Assessment {
  const fired = fire(c, f);
  const score = combine(fired.map((x) => x.weight));
  let level = levelFor(c, score);
  // A watchlist match is never below high, whatever else is known.
  if (fired.some((x) => x.id === 'WL-01') && level !== 'critical') level = 'high';
  const typeStages = f.types.map((t) => (vocabulary.approachTypes as Record<string, { stage: string }>)[t]?.stage ?? 'ST-1');
  const stage = [...fired.map((x) => x.stage), ...typeStages, 'ST-1'].sort((a, b) => stageNo(b) - stageNo(a))[0];
  return {
    algorithm: RISK_ALGORITHM,
    catalogueVersion: c.version,
    score,
    level,
    stage,
    stageName: stageName(stage),
    fired,
    actions: recommend({ level, officeKind, indicators: fired.map((x) => x.id), channel: f.channel, types: f.types }),
  };
}
