import { Converter } from 'opencc-js/t2cn';

let toSimplified: ((s: string) => string) | undefined;

/** The Chinese characters of a name in simplified form (習近平 and 习近平 are the same name). */
export function hanCharacters(text: string): string[] {
  const convert = (toSimplified ??= Converter({ from: 't', to: 'cn' }));
  return [...convert(text)].filter((c) => /\p{Script=Han}/u.test(c));
}
