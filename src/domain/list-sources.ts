import { readFileSync } from 'node:fs';
import { z } from 'zod';
import bundled from './data/list-sources.json' with { type: 'json' };
import { BulwarkError } from '../errors.js';
import { ONCE } from './parse-once.js';

const ListSource = z.object({
  dataset: z.string().regex(/^[a-z0-9][a-z0-9-]*$/),
  title: z.string().min(1),
  publisher: z.string(),
  licence: z.string(),
  format: z.string(),
  /** The file the importer opens; its companions are the other `files`. */
  main: z.string(),
  /** Importer options, e.g. the generic CSV importer's column mapping. */
  options: z.record(z.string(), z.string()).optional(),
  /** Relative path inside the lists folder → official download URL (null: bundled copy only). */
  files: z.record(z.string(), z.string().url().nullable()),
  /** The bundled copy's data date where its file states none: when it was published where it was copied from. */
  bundledDataDate: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).optional(),
});
export type ListSource = z.infer<typeof ListSource>;

const Manifest = z.object({ version: z.string(), source: z.string(), staleAfterDays: z.number().int().positive().default(31), lists: z.array(ListSource).min(1) });
export type ListManifest = z.infer<typeof Manifest>;

/** The list manifest: the bundled one, or a config file that overrides the download addresses. */
export function loadListSources(file?: string): ListManifest {
  let data: unknown = bundled;
  if (file) {
    try {
      data = JSON.parse(readFileSync(file, 'utf8'));
    } catch (e) {
      throw new BulwarkError('BWK_ERR_RULES', `cannot read the list-source file: ${(e as Error).message}`, { file });
    }
  }
  const r = Manifest.safeParse(data, ONCE);
  if (!r.success) {
    const i = r.error.issues[0];
    throw new BulwarkError('BWK_ERR_RULES', `invalid list-source manifest at ${i.path.join('.')}: ${i.message}`, { file: file ?? 'list-sources.json' });
  }
  for (const l of r.data.lists) {
    if (!(l.main in l.files)) throw new BulwarkError('BWK_ERR_RULES', `list ${l.dataset}: main file ${l.main} is not among its files`, { file: file ?? 'list-sources.json' });
  }
  return r.data;
}
