import { createRequire } from 'node:module';

let toSimplified: ((s: string) => string) | undefined;

/** The Chinese characters of a name in simplified form (習近平 and 习近平 are the same name). */
export function hanCharacters(text: string): string[] {
  // The conversion tables load on the first Chinese name (their CommonJS build, synchronously), not with every process.
  const convert = (toSimplified ??= (createRequire(import.meta.url)('opencc-js/t2cn') as typeof import('opencc-js/t2cn')).Converter({ from: 't', to: 'cn' }));
  return [...convert(text)].filter((c) => /\p{Script=Han}/u.test(c));
}
