import type { Entity } from '../domain/entity.js';
import { addIdentifiers, buildState, entityNames, identifierMaps } from './index-build.js';
import { header, pack, prefix } from './snapshot.js';
import { JSON_AT, NamePacker, RecordWriter, TokenTable, writeAt } from './snapshot-parts.js';

/**
 * Builds the saved index from entities given one at a time (a store's rows in order), never holding them all:
 * each entity's names are normalised and packed, its record written to the file as JSON, and the entity let go.
 * The file it writes is the one snapshot.ts saves and loads, byte for byte, so the index opened from it answers
 * as one built from every entity at once and then saved.
 */
export class IndexStream {
  private readonly names = new NamePacker(new TokenTable());
  private readonly records: RecordWriter;
  private readonly ids = identifierMaps();
  private count = 0;

  /** `fd`: a file open for writing, written from its start. */
  constructor(private readonly fd: number) {
    this.records = new RecordWriter(fd);
  }

  add(e: Entity): void {
    const ei = this.count++;
    for (const n of entityNames(e)) this.names.add({ entity: ei, ...n });
    addIdentifiers(this.ids, e, ei);
    this.records.add(e);
  }

  /** Indexes the names and writes the rest of the file; open it with openSnapshot. */
  finish(key: string, extra: unknown): void {
    const state = buildState(this.count, this.names, this.ids);
    const { packed } = pack(this.names, state, this.records);
    const length = this.records.size;
    let at = JSON_AT + length;
    for (const part of header(packed, key, extra)) {
      writeAt(this.fd, part, at);
      at += part.length;
    }
    writeAt(this.fd, prefix(length), 0);
  }
}
