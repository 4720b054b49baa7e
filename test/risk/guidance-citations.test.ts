import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { BUNDLED_CATALOGUE } from '../../src/risk/catalogue.js';

// The shared facts file sits beside the repository (and beside CI's clone of it).
const FACTS = new URL('../../../shared/domain/UK-GUIDANCE-FACTS.md', import.meta.url).pathname;
const ID = /\b(?:RF-[AD]\d{2}|[A-Z]{1,2}-\d{2}|§\d(?:\.\d+)?)\b/g;
const REF = /\[(S\d+[a-z]?)\]/g;
const data = (f: string) => readFileSync(new URL(`../../src/domain/data/${f}`, import.meta.url), 'utf8');

describe.skipIf(!existsSync(FACTS))('advice cites the guidance it follows (UK-GUIDANCE-FACTS.md)', () => {
  const facts = existsSync(FACTS) ? readFileSync(FACTS, 'utf8') : '';
  const known = new Set([...facts.matchAll(ID)].map((m) => m[0]));
  const own = new Set(BUNDLED_CATALOGUE.indicators.map((i) => i.id));
  it.each(['routing.json', 'donation-rules.json', 'indicators.json', 'travel.json'])('every fact id and source ref in %s exists in the facts file', (f) => {
    const text = data(f);
    // Ids a file defines for itself (debrief questions, Bulwark's indicators) are not citations.
    const defined = new Set([...text.matchAll(/"id": ?"([^"]+)"/g)].map((m) => m[1]));
    expect([...new Set([...text.matchAll(ID)].map((m) => m[0]))].filter((id) => !known.has(id) && !own.has(id) && !defined.has(id)), f).toEqual([]);
    expect([...new Set([...text.matchAll(REF)].map((m) => m[1]))].filter((r) => !facts.includes(`[${r}]`)), f).toEqual([]);
    for (const i of f === 'indicators.json' ? BUNDLED_CATALOGUE.indicators : []) for (const r of i.source.refs) expect(facts, `${i.id} cites ${r}`).toContain(`[${r}]`);
  });
  it('the advice on instincts and on profiles says what the guidance says', () => {
    expect(facts).toMatch(/trust their instincts and report anything that feels wrong/);
    expect(data('routing.json')).toMatch(/trust your instincts and report anything that feels wrong/);
    expect(facts).toMatch(/\*\*Report\*\* it \(to the security manager\), \*\*Remove\*\* it from your network/);
    expect(data('routing.json')).toMatch(/report it to your security manager, and remove it from your network once they have seen it/);
  });
});
