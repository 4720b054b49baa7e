import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { BulwarkError } from '../../src/errors.js';
import { readCompanyRegister } from '../../src/ingest/companies-house.js';

const FIX = new URL('../fixtures/companies-house/', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'bwk-ch-'));
const file = (name: string, text: string) => {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
};
const HEADER = 'CompanyName, CompanyNumber,RegAddress.AddressLine1,RegAddress.PostTown,RegAddress.PostCode,CompanyCategory,CompanyStatus,CountryOfOrigin,IncorporationDate';
const failure = (paths: Parameters<typeof readCompanyRegister>[0]): BulwarkError => {
  try {
    readCompanyRegister(paths);
  } catch (e) {
    return e as BulwarkError;
  }
  throw new Error('accepted');
};

describe('Companies House-style register', () => {
  it('reads the published layouts: companies, officers with month of birth, PSCs with natures of control', () => {
    const r = readCompanyRegister({ companies: `${FIX}companies.csv`, officers: `${FIX}officers.csv`, pscs: `${FIX}psc.csv` });
    expect(r.companies.map((c) => c.number)).toEqual(['14567890', 'SC765432', '09999991']);
    expect(r.companies[0]).toMatchObject({ name: 'MERIDIAN BRIDGE TRADING LTD', incorporatedOn: '2023-02-03', postcode: 'E14 9ZZ', status: 'Active' });
    expect(r.officers[0]).toMatchObject({ name: 'GIRKIN, Igor Vsevolodovich', role: 'director', dob: '1970-12', from: '2023-02-03', kind: 'officer' });
    expect(r.pscs[0]).toMatchObject({ role: 'corporate-entity-person-with-significant-control', natures: ['ownership-of-shares-75-to-100-percent', 'voting-rights-75-to-100-percent'] });
  });

  it('refuses bad rows naming the file, line and field', () => {
    expect(failure({ companies: file('a.csv', `${HEADER}\nX LTD,12-34,1 St,LONDON,E1 9ZZ,Private,Active,UK,01/01/2020\n`) }).message).toMatch(/a\.csv, line 2, field company number: "12-34" is not a company number/);
    expect(failure({ companies: file('b.csv', `${HEADER}\nX LTD,00000001,1 St,LONDON,E1 9ZZ,Private,Active,UK,31/02/2020\n`) }).location).toMatchObject({ line: 2, field: 'IncorporationDate' });
    expect(failure({ companies: file('d.csv', `${HEADER}\nX LTD,00000001,1 St,LONDON,E1 9ZZ,Private,Active,UK,45/13/2020\n`) }).location).toMatchObject({ line: 2, field: 'IncorporationDate' });
    expect(failure({ companies: file('c.csv', 'CompanyName,CompanyNumber\nX,1\n') }).message).toMatch(/missing column/);
    const officers = file('o.csv', 'company_number,name,officer_role,appointed_on,resigned_on,date_of_birth.year,date_of_birth.month,nationality,country_of_residence,address.postal_code\n00000001,,director,,,,,,,\n');
    expect(failure({ companies: `${FIX}companies.csv`, officers }).location).toMatchObject({ line: 2, field: 'name' });
  });
});
