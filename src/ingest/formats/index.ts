import type { ListFormat } from '../format.js';
import { canadaXml } from './canada-xml.js';
import { cslCsv } from './csl-csv.js';
import { dplTsv } from './dpl-tsv.js';
import { euXml } from './eu-xml.js';
import { ftmJson } from './ftm-json.js';
import { genericCsv } from './generic-csv.js';
import { ofacCsv } from './ofac-csv.js';
import { ofsiCsv } from './ofsi-csv.js';
import { ukDerived } from './uk-derived.js';
import { ukXml } from './uk-xml.js';
import { unXml } from './un-xml.js';

/** Every list format Bulwark can import, by name. */
export const FORMATS: Record<string, ListFormat> = Object.fromEntries(
  [ofacCsv, unXml, ukXml, ukDerived, ofsiCsv, euXml, canadaXml, cslCsv, dplTsv, ftmJson, genericCsv].map((f) => [f.name, f]),
);
