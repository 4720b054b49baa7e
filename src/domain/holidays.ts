import { z } from 'zod';
import data from './data/uk-bank-holidays.json' with { type: 'json' };
import { ONCE } from './parse-once.js';

const Holidays = z.object({
  version: z.string(),
  source: z.string(),
  division: z.string(),
  dates: z.array(z.object({ date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/), title: z.string() })).min(1),
});

/** England and Wales bank holidays, validated at load, for deadlines counted in working days. */
export const BANK_HOLIDAYS: ReadonlySet<string> = new Set(Holidays.parse(data, ONCE).dates.map((d) => d.date));
