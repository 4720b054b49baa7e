/** String similarity measures used by the name features. Pure functions on short strings. */

// Three rows of scratch space for the edit distance, reused (grown when a longer word comes): no allocation per pair.
let rows = new Int32Array(3 * 64);

/** Edit distance (insertions, deletions, substitutions and adjacent transpositions), stopping once it exceeds `max`. */
export function levenshtein(a: string, b: string, max = Infinity): number {
  if (a === b) return 0;
  if (Math.abs(a.length - b.length) > max) return max + 1;
  if (!a.length) return b.length;
  if (!b.length) return a.length;
  const w = b.length + 1;
  if (rows.length < 3 * w) rows = new Int32Array(6 * w);
  // Rows i-2, i-1 and i live at offsets before, prev and cur of the scratch array, rotating.
  let before = 0;
  let prev = w;
  let cur = 2 * w;
  for (let j = 0; j < w; j++) {
    rows[before + j] = 0;
    rows[prev + j] = j;
  }
  for (let i = 1; i <= a.length; i++) {
    const ca = a.charCodeAt(i - 1);
    const pa = i > 1 ? a.charCodeAt(i - 2) : -1;
    rows[cur] = i;
    let rowMin = i;
    for (let j = 1; j < w; j++) {
      const cb = b.charCodeAt(j - 1);
      let d = Math.min(rows[prev + j] + 1, rows[cur + j - 1] + 1, rows[prev + j - 1] + (ca === cb ? 0 : 1));
      if (j > 1 && ca === b.charCodeAt(j - 2) && pa === cb) d = Math.min(d, rows[before + j - 2] + 1);
      rows[cur + j] = d;
      if (d < rowMin) rowMin = d;
    }
    if (rowMin > max) return max + 1;
    const t = before;
    before = prev;
    prev = cur;
    cur = t;
  }
  return rows[prev + b.length];
}

const SCRATCH = 128;
const MA = new Uint8Array(SCRATCH);
const MB = new Uint8Array(SCRATCH);

/** Jaro-Winkler similarity in [0, 1]. */
export function jaroWinkler(a: string, b: string): number {
  if (a === b) return 1;
  const la = a.length;
  const lb = b.length;
  if (!la || !lb) return 0;
  const range = Math.max(0, Math.floor(Math.max(la, lb) / 2) - 1);
  // Reused scratch buffers: this runs thousands of times per query batch.
  const ma = la <= SCRATCH ? MA.fill(0, 0, la) : new Uint8Array(la);
  const mb = lb <= SCRATCH ? MB.fill(0, 0, lb) : new Uint8Array(lb);
  let matches = 0;
  for (let i = 0; i < la; i++) {
    const lo = Math.max(0, i - range);
    const hi = Math.min(lb - 1, i + range);
    for (let j = lo; j <= hi; j++) {
      if (!mb[j] && a.charCodeAt(i) === b.charCodeAt(j)) {
        ma[i] = 1;
        mb[j] = 1;
        matches++;
        break;
      }
    }
  }
  if (!matches) return 0;
  let t = 0;
  let k = 0;
  for (let i = 0; i < la; i++) {
    if (!ma[i]) continue;
    while (!mb[k]) k++;
    if (a.charCodeAt(i) !== b.charCodeAt(k)) t++;
    k++;
  }
  const jaro = (matches / la + matches / lb + (matches - t / 2) / matches) / 3;
  let prefix = 0;
  while (prefix < 4 && prefix < la && prefix < lb && a[prefix] === b[prefix]) prefix++;
  return jaro + prefix * 0.1 * (1 - jaro);
}
