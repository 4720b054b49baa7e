import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import drillsData from '../../src/domain/data/drills.json' with { type: 'json' };
import guidanceData from '../../src/domain/data/guidance.json' with { type: 'json' };
import { AWARENESS, drillForLearner, loadAwareness, markDrill } from '../../src/domain/awareness.js';
import { BUNDLED_CATALOGUE } from '../../src/risk/catalogue.js';

const FACTS = ['/work/shared/domain/UK-GUIDANCE-FACTS.md', new URL('../../../shared/domain/UK-GUIDANCE-FACTS.md', import.meta.url).pathname].find((p) => existsSync(p));
const flagsLinked = new Set(AWARENESS.guidance.sections.flatMap((s) => s.flags));

describe('awareness: guidance and drills as data', () => {
  it('every indicator a reporter meets links to a guidance section', () => {
    expect(BUNDLED_CATALOGUE.indicators.map((i) => i.id).filter((id) => !flagsLinked.has(id))).toEqual([]);
  });

  it('every donation red flag the checker raises links to a guidance section', () => {
    const raised = new Set(readFileSync(new URL('../../src/risk/donations.ts', import.meta.url), 'utf8').match(/RF-D\d\d/g));
    expect(raised.size).toBeGreaterThan(5);
    expect([...raised].filter((id) => !flagsLinked.has(id))).toEqual([]);
  });

  it.skipIf(!FACTS)('every fact, section and source a point cites exists in the domain facts file', () => {
    const facts = readFileSync(FACTS!, 'utf8');
    const cited = [
      ...AWARENESS.guidance.sections.flatMap((s) => [...s.points.flatMap((p) => p.facts), ...s.refs.map((r) => `[${r}]`), ...s.section.split(/,\s*/)]),
      ...AWARENESS.drills.drills.flatMap((d) => [...d.questions.flatMap((q) => q.facts), ...d.section.split(/,\s*/)]),
    ];
    const missing = [...new Set(cited)].filter((id) => {
      if (id.startsWith('§')) return !facts.includes(`### ${id.slice(1)} `) && !facts.includes(`## ${id.slice(1)}. `);
      if (id.startsWith('ST-')) return !facts.includes(`| ST-${id.slice(3)} |`);
      return !facts.includes(id.startsWith('[') ? id : `| ${id} |`);
    });
    expect(missing).toEqual([]);
  });

  it('learners get drills without answers; marking names the right answer and the guidance behind it', () => {
    const recruiter = AWARENESS.drills.drills.find((d) => d.id === 'recruiter')!;
    expect(JSON.stringify(drillForLearner(recruiter))).not.toMatch(/"answer"|"explain"/);
    const r = markDrill(recruiter, { q1: 'b', q2: 'a', q3: 'c' });
    expect(r).toMatchObject({ correct: 2, total: 3 });
    expect(r.questions[1]).toMatchObject({ chosen: 'a', correct: false, answer: 'b', guidance: 'genuine-turns-malign' });
  });

  it('refuses a drill whose answer is not among its options, naming it', () => {
    const bad = structuredClone(drillsData);
    bad.drills[0].questions[0].answer = 'z';
    expect(() => loadAwareness(guidanceData, bad)).toThrow(/drill recruiter question q1: the answer "z" is not one of its options/);
    const badLink = structuredClone(drillsData);
    badLink.drills[1].questions[0].guidance = 'nowhere';
    expect(() => loadAwareness(guidanceData, badLink)).toThrow(/no guidance section "nowhere"/);
    expect(() => loadAwareness({ ...guidanceData, sections: [] }, drillsData)).toThrow(/guidance.json is invalid at sections/);
  });
});
