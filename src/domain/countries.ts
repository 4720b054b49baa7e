import aliasFile from './data/country-aliases.json' with { type: 'json' };

/** Resolves country names and codes as the lists write them to ISO 3166-1 alpha-2. */
const byKey = new Map<string, string>();
const nameOf = new Map<string, string>();

function key(s: string): string {
  return s
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

// Built on first use: Intl.DisplayNames over every two-letter code costs a start that never names a country.
let built = false;
function build() {
  if (built) return;
  built = true;
  const display = new Intl.DisplayNames(['en'], { type: 'region' });
  const excluded = new Set(aliasFile.excludeCodes);
  for (let a = 65; a < 91; a++) {
    for (let b = 65; b < 91; b++) {
      const code = String.fromCharCode(a, b);
      if (excluded.has(code)) continue;
      let name: string | undefined;
      try {
        name = display.of(code);
      } catch {
        continue;
      }
      if (!name || name === code) continue;
      // Retired codes (SU, YU, ZR…) canonicalise to a current one; only current codes are ours.
      if (Intl.getCanonicalLocales(`und-${code}`)[0] !== `und-${code}`) continue;
      nameOf.set(code, name);
      byKey.set(key(name), code);
      byKey.set(code.toLowerCase(), code);
      // CLDR writes "Congo - Kinshasa" and "Myanmar (Burma)": index each part too.
      for (const part of name.split(/ - |\(|\)/)) if (part.trim().length > 3) byKey.set(key(part), code);
    }
  }
  for (const [code, names] of Object.entries(aliasFile.aliases)) {
    for (const n of names) byKey.set(key(n), code);
  }
}

/** ISO code for a country name or code, or undefined when it is not a country we know. */
export function countryCode(text: string | undefined | null): string | undefined {
  if (!text) return undefined;
  const k = key(text);
  if (!k) return undefined;
  build();
  const direct = byKey.get(k);
  if (direct) return direct;
  // Bilingual Canadian values ("Russia / Russie") and "City, Country" forms.
  for (const part of text.split(/\s*[/,;]\s*/)) {
    const c = byKey.get(key(part));
    if (c) return c;
  }
  return undefined;
}

export function countryName(code: string): string {
  build();
  return nameOf.get(code.toUpperCase()) ?? code;
}
