import { NAME_TUNING } from './config.js';
import { RememberedByKind } from './memo.js';
import { makeToken, type NameToken, type NormalisedName } from './normalize.js';

/**
 * Compounds across scripts: a name written in an abjad or a transcription joins and splits words unlike its
 * Latin spelling ("عبدالحليم" / "Abd el Halim", "صلاح الدين" / "Salahaldin"). The joined readings of runs of
 * words, for comparison (name-match.ts) and for finding candidates (index.ts).
 */
const SUN_LETTER = /^(t|d|r|z|s|n|l)/;
/** A word read without vowels (a library's reading of an abjad) that starts with the article's l: "ldyn", "lrhmn". */
const VOWELLESS_ARTICLE = /^l[^aeiou]{2,}$/;
/** By the run's script (mode, origin) and text. */
const spanTokens = { none: new RememberedByKind<NameToken>(50_000), syllabic: new RememberedByKind<NameToken>(50_000), abjad: new RememberedByKind<NameToken>(50_000) };

/** A run of words joined into one, as a token of the run's script; cached, the same compounds recur. */
export function spanToken(text: string, like: NameToken): NameToken {
  const memo = spanTokens[like.mode ?? 'none'];
  return memo.get(like.origin ?? '', text) ?? memo.keep(like.origin ?? '', text, makeToken(text, like.mode, like.origin));
}

/**
 * The `len` words of `n` from `at` joined (each way joinings reads them), as tokens of the run's script; kept on the
 * name, which is compared with many names: a listed name's runs with every query across script.
 */
export function runJoinings(n: NormalisedName, at: number, len: number): NameToken[] {
  const runs = (n.runs ??= []);
  const k = at * NAME_TUNING.compoundMaxWords + len - 1;
  let joined = runs[k];
  if (!joined) {
    const run = n.tokens.slice(at, at + len);
    joined = runs[k] = len === 1 ? run : joinings(run).map((x) => spanToken(x, run[0]));
  }
  return joined;
}

/**
 * The run's words joined; an article before a sun letter also as spoken, assimilated ("al" + "rhmn" → "arrhmn",
 * Abdurrahman; "shms" + "ldyn", the article written into the word without its alef as libraries read it → Shamsuddin).
 */
export function joinings(run: NameToken[]): string[] {
  const plain = run.map((t) => t.text).join('');
  if (!run[0].mode) return [plain];
  const spoken = run
    .map((t, k) =>
      t.particle && /^[aeu]l$/.test(t.text) && k + 1 < run.length && SUN_LETTER.test(run[k + 1].text)
        ? `a${run[k + 1].text[0]}`
        : k > 0 && VOWELLESS_ARTICLE.test(t.text) && SUN_LETTER.test(t.text.slice(1))
          ? t.text.slice(1)
          : t.text,
    )
    .join('');
  return spoken === plain ? [plain] : [plain, spoken];
}

/** The article leading a word, and inside it after a first part. */
const ARTICLES: Record<string, RegExp[]> = {
  // After the conjunction wa (و) too: "walmslmyn" is wa-l-Muslimin.
  vowelled: [/^(?:al|l|wal)(.{3,})$/, /^.{2,}?al(.{3,})$/],
  // A library reading leads with the article's l alone (the alef is not written): "lhd" is al-Ahad, "lrq" al-Iraq.
  vowelless: [/^(?:l|wl)(.{2,})$/, /^.{2,}?l(.{3,})$/],
  syllabic: [/^(?:aru|al|ar|eru|el|er|bin|pin|ibun|ipun)(.{3,})$/],
  none: [],
};

/** The compound readings of a name in a transcription or an abjad that vote besides its words. */
export function compoundVoters(q: NormalisedName): NameToken[] {
  const out: NameToken[] = [];
  const t = q.tokens;
  // Arabic script, or a library's reading of it.
  const arabic = q.script === 'Arabic' || q.script === 'Latin';
  for (let i = 0; i < t.length; i++) {
    for (let len = 2; len <= NAME_TUNING.compoundMaxWords && i + len <= t.length; len++) {
      const run = t.slice(i, i + len);
      if (run[0].particle || run[len - 1].particle || !run.every((x) => x.mode)) continue;
      for (const text of joinings(run)) out.push(spanToken(text, run[0]));
    }
    // The article inside a word ("bdalhlym", or "bdlwly" as a library writes Abd al-Wali without vowels), or leading
    // it as a library writes it ("lrhmn" for al-Rahman).
    // A Katakana or Hangul transcription writes the Arabic article into the word too ("アルザルカウィ", "알자로우세흐",
    // "아랴미" for al-Yami, ㄹ carried over as r), and as el, as Egypt and the Maghreb say it and Latin spells it
    // ("엘바르나오우이" El Barnaoui, "エルジャロウチ" El-Jarrouchi, "エラトウ" El-Atou).
    // …and bin, ibn (빈라덴, ビンラーディン: bin Laden).
    // A word may be read both ways ("lmlthmwn": al-Mulathamun, not lml-Thamun).
    let last = '';
    for (const article of ARTICLES[t[i].mode === 'abjad' ? (/[aeiou]/.test(t[i].text) ? 'vowelled' : 'vowelless') : t[i].mode ?? 'none']) {
      const inner = article.exec(t[i].text)?.[1];
      if (inner && inner !== last) out.push(spanToken((last = inner), t[i]));
    }
    if (arabic && t[i].mode === 'abjad') for (const part of unjoined(t[i].text)) out.push(spanToken(part, t[i]));
    if (arabic && i > 0) out.push(...articleBefore(t[i - 1], t[i]));
  }
  return out;
}

/**
 * "X al-Y" is written "Xul Y" or, before a sun letter, "Xur Y" in the Persian, Urdu and Indonesian spellings of
 * Arabic names (Abdul Ahad, Abdur Rahman, Shamsul Haq, Ziaur Rahman): the word before the article read with it, where
 * a library writes the article glued to the next word ("bd lhd"). (Where the article is written apart, the joined run
 * finds the compound; the readings of the article with the word before would only add votes to every Abdul.)
 */
function articleBefore(prev: NameToken, word: NameToken): NameToken[] {
  if (prev.particle || prev.mode !== 'abjad' || word.mode !== 'abjad') return [];
  if (!/^l[^aeiou]{2,}$/.test(word.text)) return [];
  const following = word.text.slice(1);
  const out = [spanToken(`${prev.text}l`, prev)];
  if (SUN_LETTER.test(following) && following[0] !== 'l') out.push(spanToken(prev.text + following[0], prev));
  return out;
}

/**
 * Arabic letters that do not join the next one (د ذ ر ز و, read d dh r z w): after them a missing space does not
 * show, so two words are often written as one ("ظاهرعويس", Dahir Aweys). The parts of a long word split after one.
 * Alef, also non-joining, is left out: it is mostly a long vowel inside a word. A part that starts with the article
 * is a compound name written as one word by convention ("سعيدالله", Saidullah), found by the article's own reading.
 */
const NON_JOINING = /[drzw]/;

function unjoined(text: string): string[] {
  const out: string[] = [];
  if (text.length < 7) return out;
  for (let k = 3; k <= text.length - 3; k++) if (NON_JOINING.test(text[k - 1]) && !text.startsWith('al', k)) out.push(text.slice(0, k), text.slice(k));
  return out;
}
