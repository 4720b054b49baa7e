import type { ExchangePackage, Loss } from '../domain/exchange.js';
import { tlpInfo } from '../domain/tlp.js';
import { csvCell } from './csv.js';

export const EXCHANGE_CSV_COLUMNS = ['tlp', 'record', 'key', 'kind', 'name', 'value', 'date', 'related', 'details'] as const;

/**
 * A package as one spreadsheet: a row per actor, party, indicator, approach, link and note, each
 * carrying the TLP label so a row copied elsewhere keeps its marking.
 */
export function packageToCsv(p: ExchangePackage): { csv: string; losses: Loss[] } {
  const tlp = tlpInfo(p.tlp).label;
  const rows: (string | undefined)[][] = [
    ...p.actors.map((a) => ['actor', a.key, a.kind, a.name, a.aliases.join('; '), '', '', a.description]),
    ...p.parties.map((x) => ['party', x.key, x.kind, x.name, [...x.emails, ...x.phones, ...x.profiles].join('; '), x.dob, x.companyNumber, [x.aliases.join('; '), x.country, x.address].filter(Boolean).join(' | ')]),
    ...p.indicators.map((i) => ['indicator', i.key, i.kind, '', i.value, i.validFrom, i.indicates, '']),
    ...p.approaches.map((a) => ['approach', a.key, a.channel, '', '', a.date, a.party, a.summary]),
    ...p.links.map((l) => ['link', l.key, l.type, '', l.from, '', l.to, l.description]),
    ...p.notes.map((n) => ['note', n.key, '', n.author, '', '', n.about.join('; '), n.content]),
  ];
  const csv = [EXCHANGE_CSV_COLUMNS.join(','), ...rows.map((r) => [tlp, ...r].map(csvCell).join(','))].join('\r\n') + '\r\n';
  return { csv, losses: [{ format: 'csv', field: 'title, producer, created', reason: 'a CSV has rows, not a header record; Bulwark does not read CSV back' }] };
}
