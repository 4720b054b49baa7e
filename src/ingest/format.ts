import type { Entity } from '../domain/entity.js';
import type { LoadedFile } from './read.js';

export interface ParseInput {
  /** The main file (companion files are found beside it). */
  path: string;
  dataset: string;
  /** Format-specific options, e.g. the column mapping of the generic CSV importer. */
  options?: Record<string, string>;
}

export interface ParseResult {
  entities: Entity[];
  /** Every file read, in a fixed order, for the version's hash. */
  files: LoadedFile[];
  /** The date the publisher gave the data, when the file says. */
  dataDate?: string;
  /** Records skipped on purpose (no name, a duplicate row) with the reason, for the import report. */
  skipped: { record: string; reason: string }[];
}

/** One list format: a named parser from files to entities. */
export interface ListFormat {
  name: string;
  description: string;
  parse(input: ParseInput): ParseResult;
}
