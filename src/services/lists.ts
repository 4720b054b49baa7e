import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Actor } from '../domain/actor.js';
import type { Entity } from '../domain/entity.js';
import { loadListSources } from '../domain/list-sources.js';
import { BulwarkError } from '../errors.js';
import { importList, type ImportReport } from '../ingest/importer.js';
import { updateLists, type UpdateOutcome } from '../ingest/update.js';
import type { DatasetSummary, DatasetVersion, Store } from '../store/types.js';

export interface EntityView {
  entity: Entity;
  linked: { entity: Entity; via: { type: string; value: string }[] }[];
}

/** Watchlists as callers see them: loaded lists, their versions, entities with their cross-list links, imports. */
export class ListService {
  constructor(
    private readonly store: Store,
    private readonly opts: {
      sourcesFile?: string;
      /** Called after a list changed, so this process screens against it before answering. */
      onChange?: () => Promise<void>;
      clock?: () => Date;
    } = {},
  ) {}

  /** Downloads fresh copies from the manifest's addresses; a list that fails keeps its current version. */
  async update(actor: Actor, only: string[] = []): Promise<UpdateOutcome[]> {
    const outcomes = await updateLists(this.store, actor, { only, ...(this.opts.sourcesFile ? { sourcesFile: this.opts.sourcesFile } : {}) });
    if (outcomes.some((o) => o.status === 'updated')) await this.opts.onChange?.();
    return outcomes;
  }

  /**
   * The loaded lists, each with the age of its data in days (from its data date, else its import) and whether it
   * is older than the manifest's `staleAfterDays`: a screen against an old list misses newer designations.
   */
  async list(): Promise<(DatasetSummary & { ageDays: number; stale: boolean })[]> {
    const staleAfterDays = this.staleAfterDays();
    const now = (this.opts.clock ?? (() => new Date()))().getTime();
    return (await this.store.listDatasets()).map((d) => {
      const ageDays = Math.max(0, Math.floor((now - Date.parse(d.current.dataDate ?? d.current.importedAt)) / 86_400_000));
      return { ...d, ageDays, stale: ageDays > staleAfterDays };
    });
  }

  /** Days after which a list's data is out of date (the manifest's `staleAfterDays`). */
  staleAfterDays(): number {
    return loadListSources(this.opts.sourcesFile).staleAfterDays;
  }

  async history(dataset: string): Promise<DatasetVersion[]> {
    const versions = await this.store.datasetHistory(dataset);
    if (!versions.length) throw new BulwarkError('BWK_ERR_NOT_FOUND', `no list named "${dataset}"`);
    return versions;
  }

  async entity(id: string): Promise<EntityView> {
    const entity = await this.store.getEntity(id);
    if (!entity) throw new BulwarkError('BWK_ERR_NOT_FOUND', `no listed entity "${id}" (ids look like ofac-sdn:16641)`);
    return { entity, linked: await this.store.linkedEntities(id) };
  }

  /**
   * Imports an uploaded list file. The bytes go to a private temporary folder under a fixed name
   * (the caller's file name never becomes a path), are parsed there, and the folder is removed.
   */
  async importUpload(actor: Actor, input: { dataset: string; format: string; title?: string; content: Buffer; filename: string; force?: boolean }): Promise<ImportReport> {
    if (!input.content.length) throw new BulwarkError('BWK_ERR_FILE_EMPTY', 'the uploaded file is empty', { file: input.filename });
    const dir = mkdtempSync(join(tmpdir(), 'bulwark-upload-'));
    try {
      const path = join(dir, 'upload');
      writeFileSync(path, input.content, { mode: 0o600 });
      const report = await importList(this.store, actor, {
        format: input.format, path, dataset: input.dataset, source: `upload:${input.filename}`, force: input.force ?? false, ...(input.title ? { title: input.title } : {}),
      });
      await this.opts.onChange?.();
      return report;
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
}
