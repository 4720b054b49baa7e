import data from '../domain/data/common-names.json' with { type: 'json' };
import { normaliseName } from '../screening/normalize.js';

// Normalised on first use: most processes (a CLI screen, say) never score an approach.
let common: Set<string> | undefined;
const commonWords = () => (common ??= new Set([...data.given, ...data.family].flatMap((n) => normaliseName(n, 'Person').tokens.map((t) => t.simp))));

/** What the approach scorer needs of a screening hit. */
export interface HitEvidence {
  level: 'match' | 'possible';
  /** Features besides the name (identifier, date of birth, country…): a positive score agrees. */
  features: { id: string; score: number }[];
  /** The query words that carried the name match. */
  words: { query: string }[];
  /** The screening engine's own judgement of the hit, where it gives one. */
  strength?: string;
}

/**
 * How much a watchlist hit says about a contact. A hit on the name alone (no identifier, date of
 * birth or country agreeing) whose matching words are all common names is a weak sign, not a
 * confirmation; anything else keeps the level screening gave it.
 */
export function watchlistSign(hit: HitEvidence): 'match' | 'possible' | 'weak' {
  if (hit.strength === 'weak') return 'weak';
  const corroborated = hit.features.some((f) => f.score > 0);
  const onlyCommon = hit.words.length > 0 && hit.words.every((w) => w.query.split(/\s+/).every((q) => commonWords().has(normaliseName(q, 'Person').tokens[0]?.simp ?? q)));
  return !corroborated && onlyCommon ? 'weak' : hit.level;
}
