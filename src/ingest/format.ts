import type { Entity } from '../domain/entity.js';
import type { EntityBuilder } from './build.js';
import { ListFile, type TextEncoding } from './read.js';

export interface ParseInput {
  /** The main file (companion files are found beside it). */
  path: string;
  dataset: string;
  /** Format-specific options, e.g. the column mapping of the generic CSV importer. */
  options?: Record<string, string>;
}

export interface ParseSummary {
  /** The date the publisher gave the data, when the file says (some files say it at the end). */
  dataDate?: string;
  /** Records skipped on purpose (no name, a duplicate row) with the reason, for the import report. */
  skipped: { record: string; reason: string }[];
}

/**
 * A list being parsed: its entities one at a time, as the files stream past. The file's own
 * checks (counts, companions, trailers, closing tags) run as it is read and the last of them after
 * the last record, so an iteration that ends without an error has read a whole, consistent list.
 */
export interface ParsedList {
  entities: AsyncIterable<Entity>;
  /** Complete once every entity has been read. */
  summary: ParseSummary;
  /** Every file read, in the order of `ListFormat.files`, for the version's hash. */
  files: ListFile[];
}

/** One list format: a named parser from files to entities. */
export interface ListFormat {
  name: string;
  description: string;
  /** The files a parse reads, in the order their hashes combine into the version's file hash. */
  files(input: ParseInput): string[];
  parse(input: ParseInput): ParsedList;
}


/** The finished entity of a builder, or (no name) a skipped record noted in the summary. */
export function finish(b: EntityBuilder, record: string, summary: ParseSummary): Entity | undefined {
  const e = b.build();
  if (!e) summary.skipped.push({ record, reason: 'no name' });
  return e;
}

/** A parsed list over its files, whose entities come from `run` with the summary it fills in. */
export function streamed(files: ListFile[], run: (summary: ParseSummary) => AsyncGenerator<Entity>): ParsedList {
  const summary: ParseSummary = { skipped: [] };
  return { entities: run(summary), summary, files };
}

type Records = (file: ListFile, input: ParseInput, summary: ParseSummary) => AsyncGenerator<Entity>;

/** The files and parse of a format that reads one file, whose records come from `records`. */
export function oneFile(records: Records, encoding?: (input: ParseInput) => TextEncoding): Pick<ListFormat, 'files' | 'parse'> {
  return {
    files: (input) => [input.path],
    parse: (input) => {
      const file = new ListFile(input.path, encoding?.(input));
      return streamed([file], (summary) => records(file, input, summary));
    },
  };
}
