import { daysBetween } from '../domain/dates.js';
import type { Catalogue, Indicator, Level } from './catalogue.js';
import { levelFor, vocabulary } from './catalogue.js';
import { recommend, type Action } from './routing.js';

export const RISK_ALGORITHM = 'approach-risk-v2';

/** What scoring needs to know about one approach. */
export interface ApproachFacts {
  channel: string;
  types: string[];
  /** Indicator ids the reporter answered yes to. */
  answers: string[];
  /** Another office has recorded the same contact details. */
  crossOffice: boolean;
  /** Best watchlist result for the contact; weak: a name-only match on a common name. */
  screening?: { level: 'match' | 'possible' | 'weak'; summary: string };
  claimedRole?: string;
  /** What they asked for and the reporter's notes, searched for the phrases indicators name. */
  text?: string;
  /** The contact's online profile as the reporter saw it. */
  profile?: { connections?: number; created?: string };
  /** The day of the approach, and the day it is recorded (actions are due from then). */
  date: string;
  recordedOn: string;
}

export interface FiredIndicator {
  id: string;
  question: string;
  weight: number;
  stage: string;
  source: Indicator['source'];
  /** Why it fired, in plain words: every piece of evidence that set it. */
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
const typeLabel = (t: string) => (vocabulary.approachTypes as Record<string, { label: string }>)[t].label.toLowerCase();

/** Weights combine as independent signs (noisy-OR): several weak ones add up, none exceeds 100. */
export function combine(weights: number[]): number {
  return Math.round(100 * (1 - weights.reduce((p, w) => p * (1 - w / 100), 1)));
}

/** Each kind of evidence an indicator can name, and the sentence it gives when present. */
function evidenceFor(ind: Indicator, f: ApproachFacts): string[] {
  const e = ind.evidence;
  const out: string[] = [];
  if (e.answer && f.answers.includes(ind.id)) out.push('the reporter answered yes');
  const types = (e.types ?? []).filter((t) => f.types.includes(t));
  if (types.length) out.push(`the approach was ${types.map((t) => `${/^[aeiou]/.test(typeLabel(t)) ? 'an' : 'a'} ${typeLabel(t)}`).join(', ')}`);
  if (e.crossOffice && f.crossOffice) out.push('the same contact details were reported by another office');
  if (e.screening && f.screening?.level === e.screening) out.push(f.screening.summary);
  if (e.roles && f.claimedRole && e.roles.includes(f.claimedRole)) out.push(`they present as a ${f.claimedRole.replace('_', ' ')}`);
  for (const p of e.text ?? []) {
    const m = f.text?.match(new RegExp(p, 'iu'));
    if (m) {
      out.push(`the report says "${m[0]}"`);
      break;
    }
  }
  const t = e.thinProfile;
  if (t && f.profile) {
    if (f.profile.connections !== undefined && f.profile.connections < t.connectionsBelow) out.push(`the profile has ${f.profile.connections} connections`);
    if (f.profile.created && daysBetween(f.profile.created, f.date) < t.createdWithinDays) out.push(`the profile was made ${daysBetween(f.profile.created, f.date)} days before the approach`);
  }
  return out;
}

/** The indicators an approach sets, each with the evidence that set it. */
export function fire(c: Catalogue, f: ApproachFacts): FiredIndicator[] {
  const out: FiredIndicator[] = [];
  for (const ind of c.indicators) {
    const because = evidenceFor(ind, f);
    if (because.length) out.push({ id: ind.id, question: ind.question, weight: ind.weight, stage: ind.stage, source: ind.source, because: because.join('; ') });
  }
  return out;
}

/** Scores one approach: the indicators it sets, the level, the cultivation stage, and what to do by when. */
export function assessApproach(c: Catalogue, f: ApproachFacts, officeKind: string): Assessment {
  const fired = fire(c, f);
  const score = combine(fired.map((x) => x.weight));
  let level = levelFor(c, score);
  // A watchlist match is never below high, whatever else is known; a weak (name-only, common-name) one sets no floor.
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
    actions: recommend({ level, officeKind, indicators: fired.map((x) => x.id), channel: f.channel, types: f.types, from: f.recordedOn }),
  };
}
