import rules from './data/name-rules.json' with { type: 'json' };

// Organisations' legal forms (name-rules.json legalForms, gluedLegalForms): taken off a name's words, written out in
// full or abbreviated, apart or glued to the name's first or last word.

/** Legal-form phrases as token lists, longest first, with their canonical form. */
const LEGAL_FORMS: { tokens: string[]; canonical: string }[] = Object.entries(rules.legalForms)
  .flatMap(([canonical, forms]) => forms.map((f) => ({ tokens: f.split(' '), canonical })))
  .sort((a, b) => b.tokens.length - a.tokens.length);

const GLUED_BEFORE = rules.gluedLegalForms.before;
const GLUED_AFTER = rules.gluedLegalForms.after;

/** Each legal form's phrase (its words joined by spaces) and its canonical form. */
export const CANONICAL = new Map(LEGAL_FORMS.map((lf) => [lf.tokens.join(' '), lf.canonical]));

/** A legal form written joined to the name's first or last word ("jscargument" → "argument", jsc). */
export function unglueLegalForm(words: string[]): { words: string[]; legalForm?: string } {
  const first = words[0];
  const last = words[words.length - 1];
  const before = GLUED_BEFORE.find((f) => first.startsWith(f) && first.length >= f.length + 4);
  if (before) return { words: [first.slice(before.length), ...words.slice(1)], legalForm: CANONICAL.get(before) };
  const after = GLUED_AFTER.find((f) => last.endsWith(f) && last.length >= f.length + 4);
  if (after) return { words: [...words.slice(0, -1), last.slice(0, -after.length)], legalForm: CANONICAL.get(after) };
  return { words };
}

/** `from`: where the words kept start among those given (a form goes from the start or the end). */
export function removeLegalForm(words: string[]): { words: string[]; legalForm?: string; from: number } {
  for (const lf of LEGAL_FORMS) {
    const n = lf.tokens.length;
    if (words.length <= n) continue;
    for (const at of [words.length - n, 0]) {
      if (lf.tokens.every((t, i) => words[at + i] === t)) {
        const rest = [...words.slice(0, at), ...words.slice(at + n)];
        const again = removeLegalForm(rest);
        return { words: again.words, legalForm: lf.canonical, from: (at === 0 ? n : 0) + again.from };
      }
    }
  }
  return { words, from: 0 };
}
