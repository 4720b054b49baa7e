import { describe, expect, it } from 'vitest';
import { packageToCsv } from '../../src/export/exchange-csv.js';
import { mispToPackage, packageToMisp } from '../../src/export/misp/event.js';
import type { BulwarkError } from '../../src/errors.js';
import { plain, samplePackage } from '../helpers/exchange.js';

const importError = (e: unknown): BulwarkError => {
  try {
    mispToPackage(JSON.stringify(e));
  } catch (err) {
    return err as BulwarkError;
  }
  throw new Error('the event was accepted');
};

describe('MISP core format', () => {
  it('writes parties as person and organization objects from the published templates, TLP as a tag', () => {
    const { event } = packageToMisp(samplePackage());
    const e = event.Event as { Tag: { name: string }[]; Object: { name: string; template_uuid: string; Attribute: { object_relation: string; value: string }[] }[]; Attribute: { type: string }[]; distribution: string };
    expect(e.Tag).toEqual([{ name: 'tlp:amber' }]);
    expect(e.distribution).toBe('1');
    const person = e.Object.find((o) => o.name === 'person')!;
    expect(person.template_uuid).toBe('a15b0477-e9d1-4b9c-9546-abe78a4f4248');
    expect(person.Attribute.find((a) => a.object_relation === 'phone-number')!.value).toBe('+447700900123');
    expect(e.Object.find((o) => o.name === 'organization')!.Attribute.find((a) => a.object_relation === 'registration-number')!.value).toBe('09999991');
    expect(e.Attribute.map((a) => a.type).sort()).toEqual(['comment', 'email-src', 'link', 'text', 'threat-actor']);
    expect(JSON.stringify(packageToMisp(samplePackage()).event)).toBe(JSON.stringify(event));
  });

  it('round-trips, and the loss report names exactly what MISP could not carry', () => {
    const p = samplePackage();
    const { event, losses } = packageToMisp(p);
    expect(losses.map((l) => l.field)).toEqual(['actors[0].aliases', 'indicators[0].indicates']);
    const back = mispToPackage(JSON.stringify(event));
    expect(back.skipped).toEqual([]);
    const expected = plain({ ...p, actors: p.actors.map((a) => ({ ...a, aliases: [] })), indicators: p.indicators.map((i) => ({ ...i, indicates: undefined })) });
    expect(plain(back.pkg)).toEqual(expected);
  });

  it('hostile events: scripts, duplicates, dangling references, wrong types', () => {
    const good = () => packageToMisp(samplePackage()).event as { Event: { Attribute: Record<string, unknown>[]; Object: { uuid: string; ObjectReference: Record<string, unknown>[] }[] } };
    let e = good();
    e.Event.Attribute[0].value = '<img src=x onerror=alert(1)>';
    expect(importError(e).location.record).toBe(e.Event.Attribute[0].uuid);
    e = good();
    e.Event.Attribute.push({ ...e.Event.Attribute[0] });
    expect(importError(e).message).toMatch(/share this uuid/);
    e = good();
    e.Event.Object[0].ObjectReference[0].referenced_uuid = '5d8f7a46-0000-4000-8000-000000000000';
    expect(importError(e)).toMatchObject({ code: 'BWK_ERR_FILE_FORMAT', location: { record: e.Event.Object[0].uuid } });
    e = good();
    e.Event.Attribute[0].to_ids = 'yes';
    expect(importError(e).location.field).toBe('Event.Attribute.0.to_ids');
  });
});

describe('CSV exchange export', () => {
  it('one row per part, each marked, spreadsheet-safe', () => {
    const { csv } = packageToCsv(samplePackage());
    const lines = csv.trim().split('\r\n');
    expect(lines[0]).toBe('tlp,record,key,kind,name,value,date,related,details');
    expect(lines.slice(1).every((l) => l.startsWith('TLP:AMBER,'))).toBe(true);
    expect(lines).toHaveLength(1 + 1 + 2 + 1 + 1 + 2 + 1);
    const p = samplePackage();
    const hostile = packageToCsv({ ...p, parties: [{ ...p.parties[0], name: '=HYPERLINK("http://x")' }, p.parties[1]] }).csv;
    expect(hostile).toContain(`"'=HYPERLINK(""http://x"")"`);
  });
});
