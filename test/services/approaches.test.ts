import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../src/domain/actor.js';
import { BulwarkError } from '../../src/errors.js';
import { importSource } from '../../src/ingest/importer.js';
import { loadListSources } from '../../src/domain/list-sources.js';
import { BUNDLED_LISTS_DIR } from '../../src/ingest/importer.js';
import { ApproachService } from '../../src/services/approaches.js';
import { ScreeningService } from '../../src/services/screening.js';
import { verifyAuditChain } from '../../src/store/audit.js';
import type { Store } from '../../src/store/types.js';
import { STORES } from '../helpers/stores.js';

const admin: Actor = { userId: 'office-admin', officeId: 'office-a', role: 'admin' };
const staffB: Actor = { userId: 'caseworker-b', officeId: 'office-b', role: 'staff' };

const base = {
  contact: { name: 'Helena Varga', claimedRole: 'lobbyist', claimedAffiliation: 'Meridian Public Affairs', emails: ['helena.varga@example.net'] },
  date: '2026-11-02',
  channel: 'email',
  types: ['meeting_request'],
  approached: { name: 'Senior researcher' },
  asked: 'A private lunch to discuss the forthcoming energy bill',
  answers: ['RF-A02'],
};

describe.each(STORES.filter((s) => s.available))('approach service ($name)', (factory) => {
  let store: Store;
  let dispose: () => Promise<void>;
  let service: ApproachService;
  beforeAll(async () => {
    ({ store, dispose } = await factory.make());
    const alerts = loadListSources().lists.find((l) => l.dataset === 'uk-security-alerts')!;
    await importSource(store, admin, alerts, BUNDLED_LISTS_DIR);
    service = new ApproachService(store, new ScreeningService(store));
    await service.setOffice(admin, { name: 'Office A', kind: 'commons' });
  });
  afterAll(() => dispose());

  const refused = async (input: unknown, code: string, message: RegExp, field?: string) => {
    const before = await store.listContacts(admin.officeId);
    const err = await service.addApproach(admin, input).then(() => undefined, (e: unknown) => e);
    expect(err).toBeInstanceOf(BulwarkError);
    expect((err as BulwarkError).code).toBe(code);
    expect((err as BulwarkError).message).toMatch(message);
    if (field) expect((err as BulwarkError).location.field).toBe(field);
    expect(await store.listContacts(admin.officeId)).toEqual(before);
  };

  it('refuses bad reports with the field and the problem, saving nothing', async () => {
    await refused({ ...base, contact: { ...base.contact, name: ' ' } }, 'BWK_ERR_INPUT', /the contact needs a name/, 'contact.name');
    await refused({ ...base, asked: undefined }, 'BWK_ERR_INPUT', /expected string|say what they asked/, 'asked');
    await refused({ ...base, date: '2099-01-01' }, 'BWK_ERR_INPUT', /is in the future/, 'date');
    await refused({ ...base, date: '31/02/2026' }, 'BWK_ERR_INPUT', /not a real date/, 'date');
    await refused({ ...base, channel: 'carrier pigeon' }, 'BWK_ERR_INPUT', /channel must be one of in_person, email/, 'channel');
    await refused({ ...base, contact: { ...base.contact, emails: ['helena at example'] } }, 'BWK_ERR_INPUT', /"helena at example" is not a valid email address/, 'contact.emails.0');
    await refused({ ...base, answers: ['RF-Z99'] }, 'BWK_ERR_INPUT', /unknown indicator answer\(s\): RF-Z99/, 'answers');
    const big = Buffer.alloc(10 * 1024 * 1024 + 1, 1);
    await refused({ ...base, attachments: [{ filename: 'big.pdf', content: big }] }, 'BWK_ERR_FILE_TOO_LARGE', /10485761 bytes; the limit is 10485760/, 'attachments.0');
    await refused({ ...base, attachments: [{ filename: 'big.pdf', contentBase64: big.toString('base64') }] }, 'BWK_ERR_FILE_TOO_LARGE', /"big\.pdf" is 1048576\d bytes/, 'attachments.0');
    // The service never reads a path from its caller.
    await refused({ ...base, attachments: [{ path: '/etc/passwd', filename: 'passwd', contentBase64: 'aGk=' }] }, 'BWK_ERR_INPUT', /Unrecognized key: "path"/, 'attachments.0');
    await refused({ ...base, attachments: [{ filename: 'x.txt', contentBase64: 'not base64!' }] }, 'BWK_ERR_INPUT', /"x\.txt" is not valid base64/, 'attachments.0');
  });

  it('stores an approach with its attachment hash, score, catalogue version and audit entry', async () => {
    const content = Buffer.from('From: helena.varga@example.net\nSubject: lunch\n\nShall we meet privately?');
    const r = await service.addApproach(admin, { ...base, attachments: [{ filename: '../../etc/message\u202e.eml', content }] });
    expect(r.assessment).toMatchObject({ level: 'low', score: 15, catalogueVersion: 1, algorithm: 'approach-risk-v1' });
    const view = await service.contactView(admin, r.contact.id);
    expect(view.approaches[0].attachments).toEqual([
      expect.objectContaining({ filename: 'message.eml', mediaType: 'message/rfc822', sha256: createHash('sha256').update('From: helena.varga@example.net\nSubject: lunch\n\nShall we meet privately?').digest('hex') }),
    ]);
    const audit = await store.listAudit();
    expect(audit.at(-1)).toMatchObject({ action: 'approach.add', subject: r.approach.id, officeId: 'office-a' });
    expect(verifyAuditChain(audit)).toEqual({ ok: true });
  });

  it("keeps offices apart: another office cannot read a contact, but the same person reported there fires RF-A24", async () => {
    const [mine] = await store.listContacts(admin.officeId);
    await expect(service.contactView(staffB, mine.id)).rejects.toMatchObject({ code: 'BWK_ERR_NOT_FOUND' });
    const r = await service.addApproach(staffB, { ...base, contact: { name: 'Helena Varga', emails: ['HELENA.VARGA@example.net'] }, answers: [] });
    expect(r.assessment.fired.map((f) => f.id)).toEqual(['RF-A24']);
    expect(r.assessment.fired[0].because).toBe('the same contact details were reported by another office');
    expect(JSON.stringify(r.assessment)).not.toContain('office-a');
  });

  it('shows security officers the same contact across offices, and nobody else', async () => {
    await expect(service.correlations(staffB)).rejects.toMatchObject({ code: 'BWK_ERR_FORBIDDEN' });
    const officer = { userId: 'psd-officer', officeId: 'security', role: 'security_officer' as const, offices: ['security', 'office-a', 'office-b'] };
    // An officer sees only the offices assigned to them.
    expect(await service.correlations({ ...officer, offices: ['security', 'office-a'] })).toEqual([]);
    const [c] = await service.correlations(officer);
    expect(c.offices).toBe(2);
    expect(c.keys).toContain('email:helena.varga@example.net');
    expect(c.contacts.map((x) => [x.officeId, x.name])).toEqual([['office-a', 'Helena Varga'], ['office-b', 'Helena Varga']]);
    expect(c.contacts.find((x) => x.officeId === 'office-b')!.level).toBe('medium');
  });

  it('refuses catalogue changes from non-administrators and invalid catalogues; a change is a new version that later scores record', async () => {
    const current = await service.catalogue();
    await expect(service.setCatalogue(staffB, current, 'try')).rejects.toMatchObject({ code: 'BWK_ERR_FORBIDDEN' });
    await expect(service.setCatalogue(admin, { ...current, indicators: [...current.indicators, current.indicators[0]] }, 'dup')).rejects.toThrow(/indicator RF-A01 appears twice/);
    await expect(service.setCatalogue(admin, { ...current, levels: current.levels.slice(1) }, 'bad')).rejects.toThrow(/levels/);
    // Private meetings requested repeatedly now count as high (30), without touching code.
    const next = await service.setCatalogue(admin, { ...current, indicators: current.indicators.map((i) => (i.id === 'RF-A02' ? { ...i, weight: 30 } : i)) }, 'PSD asked us to weigh private meeting requests higher');
    expect(next.version).toBe(current.version + 1);
    const r = await service.addApproach(admin, { ...base, contact: { name: 'Piotr Lewandowski', claimedRole: 'lobbyist' } });
    expect(r.assessment).toMatchObject({ catalogueVersion: next.version, score: 30, level: 'medium' });
    const audit = await store.listAudit();
    expect(audit.some((a) => a.action === 'indicators.set' && a.subject === `catalogue v${next.version}`)).toBe(true);
  });
});
