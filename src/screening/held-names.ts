import rules from './data/name-rules.json' with { type: 'json' };
import { normaliseName, onlyLegalForm, type NormalisedName } from './normalize.js';
import type { Schema } from '../domain/entity.js';

// A name field that holds the names of one party (name-rules.json heldNames): the UN list's original-script fields
// ("جبهة النصرة (the Victory Front; Jabhat al-Nusrah)"), alias lists after the ideographic comma. Queries and listed
// names are read the same way.

const HELD_SPLIT = new RegExp(`[${rules.heldNames.separators}]+`);
const HELD_LABELS = new RegExp(`(?:${rules.heldNames.labels.map((l) => (/^\w/.test(l) ? `\\b${l}\\b` : l)).join('|')}):?`, 'giu');

/** The names a name field holds: its parts between brackets and separators, without their labels. */
export function heldNames(name: string): string[] {
  const text = name.normalize('NFKC');
  if (!HELD_SPLIT.test(text)) return [];
  const held = text.split(HELD_SPLIT).map((p) => p.replace(HELD_LABELS, '').replace(/^[\s,.:-]+|[\s,.:-]+$/g, '')).filter((p) => /\p{L}/u.test(p));
  // A name and its original script read alike ("Abubakar (original script: Abubakar)", a library's reading) is one name held.
  return held.length > 1 ? [...new Set(held)] : [];
}

/** The names held (heldNames), normalised, but a part that is only a legal form (華信船務(香港)有限公司: the brackets part the name from its form). */
export function heldReadings(held: string[], schema?: Schema, limit = Infinity): NormalisedName[] {
  return held
    .filter((p) => !onlyLegalForm(p))
    .slice(0, limit)
    .map((p) => ({ ...normaliseName(p, schema), alias: true }))
    .filter((n) => n.tokens.length);
}

/**
 * Whether the names a field holds are one name written several ways: read in different scripts ("Abdelali Abou Dher
 * (`bd l`ly bw dhr)", Latin and a library's reading of Arabic). Read whole, such a field is no one's name; its names are.
 * A field of one script holds a name and a note, a nickname or an acronym ("Mohammed (Abu Ahmed) Al-Masri"): read whole too.
 */
export function writtenSeveralWays(held: NormalisedName[]): boolean {
  const ways = new Set<string>();
  for (const n of held) ways.add(`${n.script} ${n.tokens.find((t) => t.mode)?.mode ?? ''}`);
  return ways.size > 1;
}
