import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../src/domain/actor.js';
import { addDays, addWorkingDays, isoDay } from '../../src/domain/dates.js';
import { BANK_HOLIDAYS } from '../../src/domain/holidays.js';
import { BulwarkError } from '../../src/errors.js';
import { registerCsv } from '../../src/export/register.js';
import type { MoneyCheck } from '../../src/risk/donations.js';
import type { Assessment } from '../../src/risk/score.js';
import { ApproachService } from '../../src/services/approaches.js';
import { MoneyService } from '../../src/services/money.js';
import { ScreeningService } from '../../src/services/screening.js';
import type { Store } from '../../src/store/types.js';
import { withBundledLists } from '../helpers/lists.js';
import { STORES } from '../helpers/stores.js';

type Input = Record<string, unknown> & { donor: Record<string, unknown>; refused?: string; confirmDuplicate?: boolean };
interface MoneyCase {
  id: string;
  title: string;
  cites: string[];
  officeKind: string;
  entries: Input[];
  judge?: number;
  expect: {
    verdict: string;
    headline?: string;
    reasonIncludes?: string[];
    deadlines?: Record<string, string>;
    deadlineStatus?: Record<string, string>;
    noDeadlines?: string[];
    flags?: string[];
    flagReasons?: string[];
    tell?: string[];
    actionIncludes?: string[];
    aggregate?: number;
    thresholdCrossed?: Record<string, string>;
    register?: { category: string; period: string; value: string; received: string }[];
  };
}
interface ApproachCase {
  id: string;
  title: string;
  cites: string[];
  officeKind: string;
  approach: Record<string, unknown> & { answers: string[]; types: string[]; contact: { name: string; claimedRole?: string } };
  expect: { level: string; fired: string[]; because?: Record<string, string>; actions: { id: string; to?: string; workingDays?: number; days?: number }[]; noActions?: string[] };
}
const CASES = JSON.parse(readFileSync(new URL('../cases/advice-scenarios.json', import.meta.url), 'utf8')) as { money: MoneyCase[]; approaches: ApproachCase[] };

/** The same expectations, whether the check came from the service or from the CLI's JSON. */
function expectCheck(c: MoneyCheck, x: MoneyCase['expect'], where: string) {
  expect(c.verdict, where).toBe(x.verdict);
  if (x.headline) expect(c.headline, where).toMatch(new RegExp(x.headline));
  for (const r of x.reasonIncludes ?? []) expect(c.reasons.join(' | '), where).toContain(r);
  for (const [id, due] of Object.entries(x.deadlines ?? {})) expect(c.deadlines.find((d) => d.id === id)?.due, `${where} deadline ${id}`).toBe(due);
  for (const [id, status] of Object.entries(x.deadlineStatus ?? {})) expect(c.deadlines.find((d) => d.id === id)?.status, `${where} status ${id}`).toBe(status);
  for (const id of x.noDeadlines ?? []) expect(c.deadlines.map((d) => d.id).filter((d) => d.startsWith(id)), `${where} has no ${id} deadline`).toEqual([]);
  for (const f of x.flags ?? []) expect(c.flags.map((g) => g.id), where).toContain(f);
  for (const r of x.flagReasons ?? []) expect(c.flags.map((g) => g.reason).join(' | '), where).toContain(r);
  if (x.tell) expect(c.listing?.tell, where).toEqual(x.tell);
  for (const a of x.actionIncludes ?? []) expect(c.actions.join(' | '), where).toContain(a);
  if (x.aggregate !== undefined) expect(c.aggregate.total, where).toBe(x.aggregate);
  for (const [id, by] of Object.entries(x.thresholdCrossed ?? {})) expect(c.thresholds.find((t) => t.id === id), where).toMatchObject({ crossed: true, by });
}

function expectRegister(csv: string, rows: NonNullable<MoneyCase['expect']['register']>, where: string) {
  const [header, ...lines] = csv.trim().split('\n');
  const col = header.split(',');
  const parsed = lines.map((l) => Object.fromEntries((l.match(/("([^"]|"")*"|[^,]*)(,|$)/g) ?? []).map((c, i) => [col[i], c.replace(/,$/, '').replace(/^"|"$/g, '').replace(/""/g, '"')])));
  expect(parsed.map((r) => ({ category: r.category, period: r.period, value: r.value_gbp, received: r.received_date })), where).toEqual(rows);
}

function expectAssessment(a: Assessment, x: ApproachCase['expect'], recordedOn: string, where: string) {
  expect(a.level, where).toBe(x.level);
  expect(a.fired.map((f) => f.id).sort(), where).toEqual([...x.fired].sort());
  for (const [id, text] of Object.entries(x.because ?? {})) expect(a.fired.find((f) => f.id === id)?.because, `${where} ${id}`).toContain(text);
  for (const want of x.actions) {
    const got = a.actions.find((y) => y.id === want.id);
    expect(got, `${where} action ${want.id}`).toBeDefined();
    if (want.to) expect(got!.to, where).toBe(want.to);
    if (want.workingDays) expect(got!.due, `${where} ${want.id} due`).toBe(addWorkingDays(recordedOn, want.workingDays, BANK_HOLIDAYS));
    if (want.days !== undefined) expect(got!.due, `${where} ${want.id} due`).toBe(addDays(recordedOn, want.days));
  }
  // Every action says by when.
  for (const y of a.actions) expect(y.by.length, `${where} ${y.id} by`).toBeGreaterThan(3);
  for (const id of x.noActions ?? []) expect(a.actions.map((y) => y.id), where).not.toContain(id);
}

describe('advice scenarios through the services (SQLite, bundled lists)', () => {
  let store: Store;
  let dispose: () => Promise<void>;
  let money: MoneyService;
  let approaches: ApproachService;
  // A Friday, so working days cross a weekend.
  const recordedOn = '2026-11-27';
  beforeAll(async () => {
    ({ store, dispose } = await STORES[0].make());
    await withBundledLists(store);
    const screening = new ScreeningService(store);
    money = new MoneyService(store, screening);
    approaches = new ApproachService(store, screening, () => new Date(`${recordedOn}T10:00:00Z`));
  });
  afterAll(() => dispose());

  it.each(CASES.money)('$id: $title', async (c) => {
    const actor: Actor = { userId: 'caseworker', officeId: `svc-${c.id}`, role: 'admin' };
    await approaches.setOffice(actor, { name: c.id, kind: c.officeKind });
    const ids: string[] = [];
    for (const [i, { refused, ...input }] of c.entries.entries()) {
      if (refused) {
        const err = await money.add(actor, input).then(() => undefined, (e: unknown) => e);
        expect(err, `${c.id} entry ${i + 1} is refused`).toBeInstanceOf(BulwarkError);
        expect((err as BulwarkError).message).toMatch(new RegExp(refused));
        expect((err as BulwarkError).location.field).toBe('confirmDuplicate');
      } else ids.push((await money.add(actor, input)).id);
    }
    expect(c.cites.length).toBeGreaterThan(0);
    const judged = await money.get(actor, ids[c.judge ?? ids.length - 1]);
    expectCheck(judged.current, c.expect, c.id);
    if (c.expect.register) expectRegister(registerCsv(await money.checkAll(actor)), c.expect.register, c.id);
  });

  it.each(CASES.approaches)('$id: $title', async (c) => {
    const actor: Actor = { userId: 'caseworker', officeId: `svc-${c.id}`, role: 'admin' };
    await approaches.setOffice(actor, { name: c.id, kind: c.officeKind });
    const r = await approaches.addApproach(actor, c.approach);
    expectAssessment(r.assessment, c.expect, recordedOn, c.id);
  });
});

describe('advice scenarios through the CLI, with flags', () => {
  const db = join(mkdtempSync(join(tmpdir(), 'bwk-advice-')), 'cli.db');
  const BIN = new URL('../../bin/bulwark.js', import.meta.url).pathname;
  const run = (office: string, args: string[]) => {
    const r = spawnSync(process.execPath, [BIN, ...args], { env: { ...process.env, BULWARK_DB: db, BULWARK_OFFICE: office }, encoding: 'utf8' });
    return { code: r.status, out: r.stdout, err: r.stderr };
  };
  const flags = (e: Input): string[] => {
    const d = e.donor as { name: string; type: string; companyNumber?: string; directors?: string[]; beneficialOwners?: string[]; evidence?: Record<string, boolean>; incorporatedOn?: string; annualRevenue?: number; foreignParent?: boolean; majorityForeignOwned?: boolean; agent?: { name: string; principalNamed: boolean } };
    const opt = (name: string, v: unknown) => (v === undefined ? [] : [name, String(v)]);
    const yesNo = (v: unknown) => (v === undefined ? undefined : v ? 'yes' : 'no');
    return [
      ...opt('--kind', e.kind), ...opt('--recipient', e.recipient), '--donor', d.name, '--donor-type', d.type, ...opt('--company-number', d.companyNumber),
      ...(d.directors ?? []).flatMap((n) => ['--director', n]), ...(d.beneficialOwners ?? []).flatMap((n) => ['--beneficial-owner', n]),
      ...opt('--incorporated', d.incorporatedOn), ...opt('--revenue', d.annualRevenue), ...(d.foreignParent ? ['--foreign-parent'] : []), ...(d.majorityForeignOwned ? ['--foreign-owned'] : []),
      ...(d.agent ? ['--via', d.agent.name, '--real-donor-named', d.agent.principalNamed ? 'yes' : 'no'] : []), ...opt('--source-declaration', yesNo(e.sourceDeclarationGiven)),
      ...Object.entries(d.evidence ?? {}).flatMap(([k, v]) => [v ? '--yes' : '--no', k]),
      '--amount', String(e.amount), '--received', String(e.received), ...opt('--accepted', e.accepted), ...opt('--returned', e.returned), ...opt('--method', e.paymentMethod),
      '--description', String(e.description), ...(e.personal ? ['--personal'] : []), ...(e.confirmDuplicate ? ['--confirm-duplicate'] : []), '--json',
    ];
  };
  beforeAll(() => {
    expect(run('setup', ['status']).code).toBe(0);
  }, 120_000);

  it.each(CASES.money)('$id', (c) => {
    const office = `cli-${c.id}`;
    expect(run(office, ['office', '--kind', c.officeKind, '--name', c.id]).code).toBe(0);
    const ids: string[] = [];
    for (const { refused, ...input } of c.entries) {
      const r = run(office, ['donation', 'add', ...flags(input as Input)]);
      if (refused) {
        expect(r.code, r.err).toBe(2);
        expect(r.err).toMatch(new RegExp(`field confirmDuplicate: ${refused}`));
      } else {
        expect(r.code, r.err).toBe(0);
        ids.push((JSON.parse(r.out) as { id: string }).id);
      }
    }
    const shown = run(office, ['donation', 'show', ids[c.judge ?? ids.length - 1], '--json']);
    expectCheck((JSON.parse(shown.out) as { current: MoneyCheck }).current, c.expect, `cli ${c.id}`);
    const text = run(office, ['donation', 'show', ids[c.judge ?? ids.length - 1]]).out;
    if (c.expect.headline) expect(text.split('\n')[1]).toMatch(new RegExp(c.expect.headline));
    if (c.expect.register) {
      const out = join(mkdtempSync(join(tmpdir(), 'bwk-reg-')), 'register.csv');
      expect(run(office, ['register-export', '--out', out]).code).toBe(0);
      expectRegister(readFileSync(out, 'utf8'), c.expect.register, `cli ${c.id}`);
    }
  }, 60_000);

  it.each(CASES.approaches)('$id', (c) => {
    const office = `cli-${c.id}`;
    expect(run(office, ['office', '--kind', c.officeKind, '--name', c.id]).code).toBe(0);
    const a = c.approach;
    const r = run(office, [
      'approach', 'add', '--name', a.contact.name, ...(a.contact.claimedRole ? ['--role', a.contact.claimedRole] : []), '--date', String(a.date), '--channel', String(a.channel),
      '--type', a.types.join(','), '--approached', (a.approached as { name: string }).name, '--asked', String(a.asked), ...(a.answers.length ? ['--yes', a.answers.join(',')] : []), '--json',
    ]);
    expect(r.code, r.err).toBe(0);
    expectAssessment((JSON.parse(r.out) as { assessment: Assessment }).assessment, c.expect, isoDay(), `cli ${c.id}`);
  }, 60_000);
});
