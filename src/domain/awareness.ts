import { z } from 'zod';
import drillsData from './data/drills.json' with { type: 'json' };
import guidanceData from './data/guidance.json' with { type: 'json' };
import { BulwarkError } from '../errors.js';
import { ONCE } from './parse-once.js';

/** Fact ids from the domain facts file (G-03, RF-A08, AL-06, ST-4, §1.7…): each point names the facts it paraphrases. */
const FactId = z.string().regex(/^([A-Z]{1,3}(-[A-Z]{1,2})?-?\d{1,2}|§\d(\.\d+)?)$/, 'fact ids look like G-03, RF-A08, ST-4 or §1.7');

const Section = z.object({
  id: z.string().regex(/^[a-z-]+$/),
  title: z.string().min(3),
  summary: z.string().min(10),
  points: z.array(z.object({ text: z.string().min(10), facts: z.array(FactId).min(1) })).min(1),
  /** The section(s) of the domain facts file this paraphrases. */
  section: z.string().regex(/^§\d/),
  refs: z.array(z.string().regex(/^S\d+[a-z]?$/)).min(1),
  /** Red flags (indicator and donation flag ids) this section explains, so every flag a user meets links here. */
  flags: z.array(z.string()),
});
const Guidance = z.object({ version: z.number().int().positive(), source: z.string().min(10), sections: z.array(Section).min(1) });

const Question = z.object({
  id: z.string(),
  prompt: z.string().min(5),
  options: z.array(z.object({ id: z.string(), text: z.string().min(1) })).min(2),
  answer: z.string(),
  explain: z.string().min(10),
  facts: z.array(FactId).min(1),
  guidance: z.string(),
});
const Drill = z.object({
  id: z.string().regex(/^[a-z-]+$/),
  title: z.string(),
  minutes: z.number().positive(),
  basedOn: z.string().min(5),
  section: z.string().regex(/^§\d/),
  scenario: z.string().min(20),
  questions: z.array(Question).min(1),
});
const Drills = z.object({ version: z.number().int().positive(), source: z.string().min(10), drills: z.array(Drill).min(1) });

export type GuidanceT = z.infer<typeof Guidance>;
export type DrillT = z.infer<typeof Drill>;

function parse<T>(schema: z.ZodType<T>, data: unknown, file: string): T {
  const r = schema.safeParse(data, ONCE);
  if (!r.success) {
    const i = r.error.issues[0];
    throw new BulwarkError('BWK_ERR_RULES', `${file} is invalid at ${i.path.join('.') || 'top level'}: ${i.message}`);
  }
  return r.data;
}

/** Checks what a schema cannot: answers among the options, guidance links that resolve. */
export function loadAwareness(g: unknown, d: unknown): { guidance: GuidanceT; drills: z.infer<typeof Drills> } {
  const guidance = parse(Guidance, g, 'src/domain/data/guidance.json');
  const drills = parse(Drills, d, 'src/domain/data/drills.json');
  const sections = new Set(guidance.sections.map((s) => s.id));
  for (const drill of drills.drills) {
    for (const q of drill.questions) {
      const where = `src/domain/data/drills.json drill ${drill.id} question ${q.id}`;
      if (!q.options.some((o) => o.id === q.answer)) throw new BulwarkError('BWK_ERR_RULES', `${where}: the answer "${q.answer}" is not one of its options`);
      if (!sections.has(q.guidance)) throw new BulwarkError('BWK_ERR_RULES', `${where}: no guidance section "${q.guidance}"`);
    }
  }
  return { guidance, drills };
}

export const AWARENESS = loadAwareness(guidanceData, drillsData);

/** A drill as a learner sees it: without the answers. */
export const drillForLearner = (d: DrillT) => ({ ...d, questions: d.questions.map(({ answer: _a, explain: _e, ...q }) => q) });

export interface DrillResult {
  drillId: string;
  correct: number;
  total: number;
  questions: { id: string; chosen: string | null; correct: boolean; answer: string; explain: string; facts: string[]; guidance: string }[];
}

/** Marks a learner's answers; a missing answer counts as wrong. */
export function markDrill(d: DrillT, answers: Record<string, string>): DrillResult {
  const questions = d.questions.map((q) => ({ id: q.id, chosen: answers[q.id] ?? null, correct: answers[q.id] === q.answer, answer: q.answer, explain: q.explain, facts: q.facts, guidance: q.guidance }));
  return { drillId: d.id, correct: questions.filter((q) => q.correct).length, total: questions.length, questions };
}
