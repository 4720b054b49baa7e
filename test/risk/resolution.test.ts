import { describe, expect, it } from 'vitest';
import { RESOLUTION_CONFIG as cfg } from '../../src/risk/resolution/config.js';
import { rank, shortlist } from '../../src/risk/resolution/blocking.js';
import { buildClusters, clusterIdOf, clusterNamed, type ClusterDecision } from '../../src/risk/resolution/clusters.js';
import { normAddress, normCompanyNumber, normEmail, normPhone, normProfile } from '../../src/risk/resolution/keys.js';
import { blockKeys, prepare, type PartyInput } from '../../src/risk/resolution/match.js';

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

/** Every record compared with every other: what the store's blocks shortlist is tested through the services. */
const everyone = [...recruiter, ...bystanders];
const resolveAmong = (p: PartyInput, others: PartyInput[] = everyone) => rank(prepare(p, cfg), others.map((o) => prepare(o, cfg)), cfg);

describe('resolution across offices', () => {

  it('links the recruiter across scripts and spellings, with the evidence spelled out', () => {
    const b = resolveAmong(recruiter[1]);
    const toA = b.find((c) => c.ref === 'contact:office-a:1')!;
    expect(toA.strength).toBe('link');
    expect(toA.evidence.map((e) => e.feature).sort()).toEqual(['employer', 'name']);
    expect(toA.evidence.find((e) => e.feature === 'name')!.detail).toMatch(/Дмитрий Волков/);
    const toC = b.find((c) => c.ref === 'contact:office-c:1')!;
    expect(toC.evidence.find((e) => e.feature === 'phone')!.detail).toBe('both give +447700900123');
  });

  it('does not link a namesake with a different employer and birth year, nor a different surname', () => {
    const a = resolveAmong(recruiter[0]);
    expect(a.find((c) => c.ref === 'contact:office-b:2')?.strength).not.toBe('link');
    expect(a.find((c) => c.ref === 'contact:office-a:2')?.strength).not.toBe('link');
    expect(a.some((c) => c.ref === 'contact:office-c:2')).toBe(false);
  });

  it('a conflicting date of birth cuts an otherwise strong link', () => {
    const stored: PartyInput[] = [{ ref: 'x:1', officeId: 'a', kind: 'person', name: 'Ivan Petrov', dob: '1970-01-02', emails: ['ip@example.org'] }];
    const other = { ref: 'x:2', officeId: 'b', kind: 'person' as const, name: 'Ivan Petrov', emails: ['ip@example.org'] };
    expect(resolveAmong(other, stored)[0].strength).toBe('link');
    expect(resolveAmong({ ...other, dob: '1985' }, stored)).toEqual([]);
  });
});

describe('blocking', () => {
  it('an Arabic-script name meets its Latin spelling on a transcription key, and a shared employer is a block too', () => {
    const arabic = blockKeys(prepare({ ref: 'a', officeId: 'a', kind: 'person', name: 'جوهر مجيد الدوري', employer: 'Horizon Talent Partners' }, cfg));
    const latin = blockKeys(prepare({ ref: 'b', officeId: 'b', kind: 'person', name: 'Jawhar Majid al-Duri', employer: 'Horizon Talent Partners Ltd' }, cfg));
    const shared = arabic.filter((k) => latin.includes(k));
    expect(shared.filter((k) => k.startsWith('nf:abjad:')).length).toBeGreaterThanOrEqual(2);
    expect(shared).toContain('o:horizon talent partners');
  });

  it('every record under a shared identifier is compared; name blocks vote, rare words weighing more, up to maxCompared', () => {
    const common = Array.from({ length: 200 }, (_, i) => ({ key: 'n:ivan', party: 1000 + i }));
    const blocks = [...common, { key: 'n:petrov', party: 7 }, { key: 'n:ivan', party: 7 }, { key: 'p:+447700900123', party: 42 }, { key: 'n:petrov', party: 8 }];
    const ids = shortlist(blocks, cfg);
    expect(ids.slice(0, 3)).toEqual([42, 7, 8]);
    expect(ids).toHaveLength(1 + Math.min(cfg.maxCompared, 202));
  });
});

describe('clusters, confirmations and splits', () => {
  const links = everyone.flatMap((p) => resolveAmong(p).filter((c) => c.strength === 'link' && p.ref < c.ref).map((c) => ({ a: p.ref, b: c.ref, score: c.score, evidence: c.evidence })));
  const refs = everyone.map((p) => p.ref);
  // Office C reported first, then A, then B.
  const firstSeen = (r: string) => ({ 'contact:office-c:1': '2026-10-01', 'contact:office-a:1': '2026-10-02' } as Record<string, string>)[r] ?? '2026-10-03';

  it('one cluster of three offices from the links', () => {
    const [c, ...rest] = buildClusters(refs, links, [], firstSeen);
    expect(rest).toEqual([]);
    expect(c.members).toEqual(recruiter.map((r) => r.ref).sort());
    expect(c.confirmed).toBe(false);
  });

  it('a cluster is named after its earliest member: the name holds as records join, and a merged cluster answers to its old name', () => {
    const [c] = buildClusters(refs, links, [], firstSeen);
    expect(c.id).toBe(clusterIdOf('contact:office-c:1'));
    // Before office C's report only A and B were linked, and the cluster was named after A.
    const ab = buildClusters(refs.filter((r) => r !== 'contact:office-c:1'), links, [], firstSeen);
    expect(ab.map((x) => x.id)).toEqual([clusterIdOf('contact:office-a:1')]);
    expect(clusterNamed([c], ab[0].id, (x) => x.members)?.id).toBe(c.id);
    // Whatever order the records and links arrive in, the name is the same.
    expect(buildClusters([...refs].reverse(), [...links].reverse(), [], firstSeen)[0].id).toBe(c.id);
  });

  it('a split keeps records apart; reverting it restores the cluster; a confirmation joins and marks it', () => {
    const split: ClusterDecision = { id: 'd1', type: 'split', refs: ['contact:office-c:1'], apart: ['contact:office-a:1', 'contact:office-b:1'], by: 'officer', at: '2026-11-01', reason: 'different person' };
    const after = buildClusters(refs, links, [split], firstSeen);
    expect(after.map((c) => c.members)).toEqual([['contact:office-a:1', 'contact:office-b:1']]);
    const reverted = buildClusters(refs, links, [{ ...split, revertedBy: { by: 'officer', at: '2026-11-02', reason: 'same phone after all' } }], firstSeen);
    expect(reverted[0].members).toHaveLength(3);
    const confirm: ClusterDecision = { id: 'd2', type: 'confirm', refs: [...recruiter.map((r) => r.ref), 'contact:office-c:2'], by: 'officer', at: '2026-11-03', reason: 'his sister uses his phone' };
    const joined = buildClusters(refs, links, [confirm], firstSeen);
    expect(joined[0]).toMatchObject({ confirmed: true, decisions: ['d2'] });
    expect(joined[0].members).toHaveLength(4);
  });
});
