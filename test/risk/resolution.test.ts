import { describe, expect, it } from 'vitest';
import { RESOLUTION_CONFIG as cfg } from '../../src/risk/resolution/config.js';
import { buildClusters, type ClusterDecision } from '../../src/risk/resolution/clusters.js';
import { ResolutionIndex } from '../../src/risk/resolution/index.js';
import { normAddress, normCompanyNumber, normEmail, normPhone, normProfile } from '../../src/risk/resolution/keys.js';
import type { PartyInput } from '../../src/risk/resolution/match.js';

const recruiter: PartyInput[] = [
  { ref: 'contact:office-a:1', officeId: 'office-a', kind: 'person', name: 'Dmitry Volkov', emails: ['D.Volkov@horizon-talent.example'], employer: 'Horizon Talent Partners' },
  { ref: 'contact:office-b:1', officeId: 'office-b', kind: 'person', name: 'Дмитрий Волков', employer: 'Horizon Talent Partners Ltd', phones: ['+44 7700 900123'] },
  { ref: 'contact:office-c:1', officeId: 'office-c', kind: 'person', name: 'Dmitri Volkoff', phones: ['07700 900123'], profiles: ['https://uk.linkedin.com/in/DVolkov-Talent/'] },
];
const bystanders: PartyInput[] = [
  { ref: 'contact:office-a:2', officeId: 'office-a', kind: 'person', name: 'Dmitry Sokolov', employer: 'Horizon Talent Partners' },
  { ref: 'contact:office-b:2', officeId: 'office-b', kind: 'person', name: 'Dmitry Volkov', dob: '1962', employer: 'University of Leeds' },
  { ref: 'contact:office-c:2', officeId: 'office-c', kind: 'person', name: 'Sarah Volkova' },
];

describe('normal forms', () => {
  it.each([
    [normEmail('J.Smith+mp@GoogleMail.com', cfg), 'jsmith@gmail.com'],
    [normEmail('J.Smith@parliament.uk', cfg), 'j.smith@parliament.uk'],
    [normPhone('+44 (0)20 7219 3000', cfg), '+442072193000'],
    [normPhone('020 7219 3000', cfg), '+442072193000'],
    [normPhone('0044 20 7219 3000', cfg), '+442072193000'],
    [normPhone('12', cfg), undefined],
    [normProfile('twitter.com/SomeOne/', cfg), 'x.com/someone'],
    [normProfile('https://uk.linkedin.com/in/a-b?trk=x', cfg), 'linkedin.com/in/a-b'],
    [normCompanyNumber('9999991'), '09999991'],
    [normCompanyNumber('sc 123456'), 'SC123456'],
    [normAddress('Flat 2, 14 Example Road, London sw1a 1aa'), 'SW1A 1AA|2'],
  ])('%s', (got, want) => expect(got).toBe(want));
});

describe('resolution across offices', () => {
  const index = new ResolutionIndex();
  for (const p of [...recruiter, ...bystanders]) index.add(p);

  it('links the recruiter across scripts and spellings, with the evidence spelled out', () => {
    const b = index.resolve(recruiter[1]);
    const toA = b.find((c) => c.ref === 'contact:office-a:1')!;
    expect(toA.strength).toBe('link');
    expect(toA.evidence.map((e) => e.feature).sort()).toEqual(['employer', 'name']);
    expect(toA.evidence.find((e) => e.feature === 'name')!.detail).toMatch(/Дмитрий Волков/);
    const toC = b.find((c) => c.ref === 'contact:office-c:1')!;
    expect(toC.evidence.find((e) => e.feature === 'phone')!.detail).toBe('both give +447700900123');
  });

  it('does not link a namesake with a different employer and birth year, nor a different surname', () => {
    const a = index.resolve(recruiter[0]);
    expect(a.find((c) => c.ref === 'contact:office-b:2')?.strength).not.toBe('link');
    expect(a.find((c) => c.ref === 'contact:office-a:2')?.strength).not.toBe('link');
    expect(a.some((c) => c.ref === 'contact:office-c:2')).toBe(false);
  });

  it('a conflicting date of birth cuts an otherwise strong link', () => {
    const i = new ResolutionIndex();
    i.add({ ref: 'x:1', officeId: 'a', kind: 'person', name: 'Ivan Petrov', dob: '1970-01-02', emails: ['ip@example.org'] });
    const other = { ref: 'x:2', officeId: 'b', kind: 'person' as const, name: 'Ivan Petrov', emails: ['ip@example.org'] };
    expect(i.resolve(other)[0].strength).toBe('link');
    expect(i.resolve({ ...other, dob: '1985' })).toEqual([]);
  });
});

describe('clusters, confirmations and splits', () => {
  const index = new ResolutionIndex();
  for (const p of [...recruiter, ...bystanders]) index.add(p);
  const links = [...recruiter, ...bystanders].flatMap((p) => index.resolve(p).filter((c) => c.strength === 'link' && p.ref < c.ref).map((c) => ({ a: p.ref, b: c.ref, score: c.score, evidence: c.evidence })));
  const refs = index.refs();

  it('one cluster of three offices from the links', () => {
    const [c, ...rest] = buildClusters(refs, links, []);
    expect(rest).toEqual([]);
    expect(c.members).toEqual(recruiter.map((r) => r.ref).sort());
    expect(c.confirmed).toBe(false);
  });

  it('a split keeps records apart; reverting it restores the cluster; a confirmation joins and marks it', () => {
    const split: ClusterDecision = { id: 'd1', type: 'split', refs: ['contact:office-c:1'], apart: ['contact:office-a:1', 'contact:office-b:1'], by: 'officer', at: '2026-11-01', reason: 'different person' };
    const after = buildClusters(refs, links, [split]);
    expect(after.map((c) => c.members)).toEqual([['contact:office-a:1', 'contact:office-b:1']]);
    const reverted = buildClusters(refs, links, [{ ...split, revertedBy: { by: 'officer', at: '2026-11-02', reason: 'same phone after all' } }]);
    expect(reverted[0].members).toHaveLength(3);
    const confirm: ClusterDecision = { id: 'd2', type: 'confirm', refs: [...recruiter.map((r) => r.ref), 'contact:office-c:2'], by: 'officer', at: '2026-11-03', reason: 'his sister uses his phone' };
    const joined = buildClusters(refs, links, [confirm]);
    expect(joined[0]).toMatchObject({ confirmed: true, decisions: ['d2'] });
    expect(joined[0].members).toHaveLength(4);
  });
});
