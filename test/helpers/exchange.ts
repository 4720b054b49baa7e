import type { ExchangePackage } from '../../src/domain/exchange.js';
import { deterministicId } from '../../src/domain/ids.js';

const k = (...f: string[]) => deterministicId('test', f);

/** A fictional case package: a recruiter under two names, his employer, an approach, an indicator and a note. */
export function samplePackage(over: Partial<ExchangePackage> = {}): ExchangePackage {
  const actor = k('actor');
  const person = k('person');
  const company = k('company');
  return {
    key: k('package'), title: 'Recruiter writing to researchers', tlp: 'amber', producer: 'Northern Parliamentary Security Team', created: '2026-11-20T09:30:00.000Z',
    actors: [{ key: actor, kind: 'actor', name: 'Recruiter "D. Volkov"', aliases: ['Dmitri Volkoff', 'Дмитрий Волков'], description: 'Approaches researchers with paid consultancy offers.' }],
    parties: [
      { key: person, kind: 'person', name: 'Dmitry Volkov', aliases: ['Дмитрий Волков'], emails: ['d.volkov@horizon-talent.example'], phones: ['+447700900123'], profiles: ['https://www.linkedin.com/in/dvolkov-talent'], country: 'RU', dob: '1981-04', address: undefined, companyNumber: undefined },
      { key: company, kind: 'organisation', name: 'Horizon Talent Partners Ltd', aliases: [], emails: [], phones: [], profiles: [], companyNumber: '09999991', address: '1 Example Street, London', country: undefined, dob: undefined },
    ],
    indicators: [{ key: k('ind'), kind: 'email', value: 'd.volkov@horizon-talent.example', indicates: actor, validFrom: '2026-10-01' }],
    approaches: [{ key: k('approach'), party: person, date: '2026-10-03', channel: 'email', summary: "Offered £2,000 for a 'short paper' on the committee's work." }],
    links: [
      { key: k('l1'), type: 'attributed-to', from: actor, to: person, description: undefined },
      { key: k('l2'), type: 'employed-by', from: person, to: company, description: 'claims to be a partner' },
    ],
    notes: [{ key: k('note'), about: [person], content: 'Three offices reported him within a week.', author: 'Case officer' }],
    ...over,
  };
}

/** Drops undefined properties, the way JSON does, so packages compare by content. */
export const plain = <T>(x: T): T => JSON.parse(JSON.stringify(x)) as T;
