import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LISTS } from '../helpers/stores.js';

const BIN = new URL('../../bin/bulwark.js', import.meta.url).pathname;
const db = join(mkdtempSync(join(tmpdir(), 'bwk-cli-')), 'cli.db');

function bulwark(...args: string[]) {
  const r = spawnSync(process.execPath, [BIN, ...args], { env: { ...process.env, BULWARK_DB: db }, encoding: 'utf8' });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe('bulwark CLI', () => {
  it('loads the bundled lists on first start and says so', () => {
    const r = bulwark('status');
    expect(r.code).toBe(0);
    expect(r.err).toMatch(/loaded 15 bundled list\(s\) into the sqlite store/);
    expect(r.out).toMatch(/Bulwark is ready: 18625 listed entities in 15 lists/);
    expect(r.out).toMatch(/ofac-sdn\s+8976\s+Organization 3673, Person 4620, Vessel 406, Aircraft 277/);
    // A second start does not load them again.
    expect(bulwark('status').err).not.toMatch(/loaded/);
  });

  it('lists datasets with counts and UK-format data dates, and as JSON', () => {
    const r = bulwark('lists');
    expect(r.out).toMatch(/un-sc\s+1003\s+Person 730, Organization 273\s+27\/02\/2026/);
    const json = JSON.parse(bulwark('lists', '--json').out) as { name: string; entityCount: number }[];
    expect(json.find((d) => d.name === 'uk-fcdo')?.entityCount).toBe(6046);
  });

  it('shows an entity with its records on other lists', () => {
    const r = bulwark('entity', 'un-sc:2892251');
    expect(r.code).toBe(0);
    expect(r.out).toContain('AKRAM TURKI HISHAN AL-MAZIDIH');
    expect(r.out).toMatch(/same target: uk-fcdo:AQD0128 .* \(via un_ref QDI276/);
    expect(r.out).toMatch(/same target: uk-fcdo-xml:AQD0128/);
    const json = JSON.parse(bulwark('entity', 'un-sc:2892251', '--json').out);
    expect(json.raw.REFERENCE_NUMBER).toBe('QDi.276');
  });

  it('exits with distinct codes scripts can rely on', () => {
    expect(bulwark('entity', 'nope:1').code).toBe(6);
    const dup = bulwark('import', 'un-xml', join(LISTS, 'un/consolidated.xml'), '--dataset', 'un-sc');
    expect(dup.code).toBe(5);
    expect(dup.err).toMatch(/already holds this exact file/);
    const empty = join(mkdtempSync(join(tmpdir(), 'bwk-')), 'empty.xml');
    writeFileSync(empty, '');
    const r = bulwark('import', 'un-xml', empty, '--dataset', 'un-sc');
    expect(r.code).toBe(4);
    expect(r.err).toMatch(/empty\.xml: the file is empty/);
    expect(bulwark('import').code).toBe(2);
  });

  it('imports an office list through the generic CSV importer', () => {
    const dir = mkdtempSync(join(tmpdir(), 'bwk-'));
    writeFileSync(join(dir, 'list.csv'), 'Name,Nationality\n"GIRKIN, Igor Vsevolodovich",Russia\n');
    const r = bulwark('import', 'csv', join(dir, 'list.csv'), '--dataset', 'office-list', '--map', 'name=Name,nationality=Nationality');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/imported office-list v\d+: 1 entities \(Person 1\)/);
    expect(r.out).toMatch(/\+1 added/);
  });

  it('screens a name in another script, explains the hits, and remembers a decision', () => {
    const r = bulwark('screen', 'Игорь Гиркин', '--dob', '1970');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/GIRKIN, Igor Vsevolodovich\s+\[Person\]\s+ofac-sdn:16961/);
    expect(r.out).toContain('- query transliterated from Cyrillic');
    expect(r.out).toContain('- year of birth 1970 matches');
    // The bundled lists are old copies: said on standard error, the result itself untouched.
    expect(r.err).toMatch(/warning: \d+ of the lists screened against hold data more than 31 days old, the oldest us-csl \(03\/12\/2019\)/);
    const d = bulwark('decide', 'ofac-sdn:16961', '--name', 'Игорь Гиркин', '--dob', '1970', '--decision', 'true_match', '--reason', 'confirmed against the OFAC record');
    expect(d.code).toBe(0);
    expect(bulwark('screen', 'Игорь Гиркин', '--dob', '1970').out).toMatch(/decision: true match by local-admin on \d\d\/\d\d\/\d{4}: confirmed against the OFAC record/);
    const audit = bulwark('audit', '--verify');
    expect(audit.code).toBe(0);
    expect(audit.out).toMatch(/audit trail intact: \d+ entries/);
  });

  it('refuses a bad screening query with exit code 2 and the reason', () => {
    const r = bulwark('screen', '   ');
    expect(r.code).toBe(2);
    expect(r.err).toContain('field name: the name is empty');
  });

  it('screens a CSV in batch', () => {
    const dir = mkdtempSync(join(tmpdir(), 'bwk-'));
    writeFileSync(join(dir, 'in.csv'), 'name,ref\nIgor Strelkov,1\n,2\n');
    const r = bulwark('screen-batch', join(dir, 'in.csv'), '--out', join(dir, 'out.jsonl'));
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/screened 2 rows in [\d.]+ s: 1 with matches, \d+ matches in all, 1 rows with errors/);
  });

  it('records an approach from flags, shows the contact timeline, and lists alerts', () => {
    expect(bulwark('office', '--kind', 'commons', '--name', 'Office of the Member').code).toBe(0);
    const r = bulwark('approach', 'add', '--name', 'Shirly Shen', '--role', 'recruiter', '--affiliation', 'InternshipUnion', '--date', '2026-06-10', '--channel', 'linkedin', '--type', 'job_offer', '--approached', 'Caseworker', '--asked', 'Internship opportunities in China', '--json');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.out);
    expect(out.assessment.level).toBe('critical');
    expect(out.alerts.map((a: { kind: string }) => a.kind)).toEqual(['watchlist_match', 'high_risk']);
    const show = bulwark('contact', 'show', out.contactId);
    expect(show.out).toMatch(/Watchlists: match Shirly Shen on uk-security-alerts \(1\.00\)/);
    expect(show.out).toMatch(/10\/06\/2026\s+linkedin\s+job_offer\s+ST-1 critical RF-A08 WL-01/);
    expect(bulwark('alerts').out).toMatch(/CRITICAL high risk: This contact is now critical risk/);
    const bad = bulwark('approach', 'add', '--name', 'X Y', '--date', '2026-06-10', '--channel', 'pigeon', '--type', 'job_offer', '--approached', 'A', '--asked', 'B');
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/field channel: channel must be one of/);
  });

  it('checks a donation, briefs a trip and lists deadlines', () => {
    const d = bulwark('donation', 'add', '--donor', 'Eleanor Vance', '--donor-type', 'individual', '--yes', 'on_electoral_register', '--amount', '2500', '--received', '01/11/2026', '--description', 'Support for the office');
    expect(d.code).toBe(0);
    expect(d.out).toMatch(/\nPERMISSIBLE: it may be accepted; record the acceptance by 01\/12\/2026\n/);
    expect(d.out).toMatch(/£2,230: CROSSED \(single\)/);
    // The CLI reads the real clock: the deadline is the same on every day, its status follows today.
    const decide = new Date().toISOString().slice(0, 10) > '2026-12-01' ? 'OVERDUE' : 'UPCOMING';
    expect(d.out).toMatch(new RegExp(`01/12/2026 ${decide}: decide whether the donation is permissible`));
    const bad = bulwark('donation', 'add', '--donor', 'X', '--donor-type', 'individual', '--amount', '-5', '--received', '01/11/2026', '--description', 'x');
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/field amount: the amount must be more than zero/);
    const t = bulwark('trip', 'add', '--destination', 'Russia', '--city', 'Moscow', '--depart', '2026-11-02', '--return', '2026-11-06', '--funder', 'Self', '--funder-type', 'self', '--purpose', 'Election observation', '--traveller', 'The member', '--device', 'work phone');
    expect(t.code).toBe(0);
    const id = t.out.match(/recorded trip (\S+)/)![1];
    const brief = bulwark('trip', 'brief', id);
    expect(brief.out).toContain('# Travel security briefing: Moscow, Russia');
    expect(brief.out).toContain('Russia is specified for the FIRS enhanced tier');
    const deadlines = bulwark('deadlines', '--as-of', '2026-11-10');
    expect(deadlines.out).toMatch(/20\/11\/2026\s+UPCOMING\s+debrief the trip to RU/);
    expect(deadlines.out).toMatch(/01\/12\/2026\s+UPCOMING\s+decide whether the donation is permissible/);
    // --as-of is read as a date in either form, never compared as text.
    expect(bulwark('deadlines', '--as-of', '10/11/2026').out).toBe(deadlines.out);
    const impossible = bulwark('deadlines', '--as-of', '10/13/2026');
    expect(impossible.code).toBe(2);
    expect(impossible.err).toMatch(/field asOf: "10\/13\/2026" is not a date: there is no month 13/);
  });

  it('asks for an approach question by question on a terminal, and saves nothing when cancelled', () => {
    // `script` gives the CLI a real pseudo-terminal, as a person at a keyboard would. RF-A19 is the 20th question (IN-01 comes second).
    const run = (input: string) =>
      spawnSync('script', ['-qec', `${process.execPath} ${BIN} approach add`, '/dev/null'], { input, env: { ...process.env, BULWARK_DB: db }, encoding: 'utf8' });
    const answers = ['Lucia Ferreira', 'journalist', 'Lisbon Policy Weekly', '', '03/11/2026', 'email', 'interview', 'Caseworker', 'An interview about the trade bill', ...Array(19).fill('n'), 'y'];
    const ok = run(`${answers.join('\n')}\n${Array(10).fill('n').join('\n')}\n`);
    expect(ok.status).toBe(0);
    expect(ok.stdout).toMatch(/Recorded approach \S+ from Lucia Ferreira/);
    expect(ok.stdout).toMatch(/RF-A19 \(\+15\) Do they claim to be a journalist/);
    const cancelled = run('Someone Else\n');
    expect(cancelled.status).toBe(2);
    expect(cancelled.stdout).toContain('cancelled before the report was complete: nothing was saved');
    expect(bulwark('contact', 'list').out).not.toContain('Someone Else');
  });
});
