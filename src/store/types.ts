import type { Entity, IdentifierType } from '../domain/entity.js';

export interface Delta {
  added: number;
  removed: number;
  changed: number;
  unchanged: number;
  /** Up to 50 ids of each kind, for the import report. */
  sample: { added: string[]; removed: string[]; changed: string[] };
}

export interface DatasetVersion {
  id: number;
  dataset: string;
  format: string;
  /** Where the data came from: a path or URL. */
  source: string;
  fileHash: string;
  recordCount: number;
  /** Entity counts by schema (Person, Organization, …). */
  counts: Record<string, number>;
  dataDate?: string;
  importedAt: string;
  delta: Delta;
  actor: string;
}

export interface DatasetSummary {
  name: string;
  title: string;
  format: string;
  current: DatasetVersion;
  entityCount: number;
}

export interface ReplaceDatasetInput {
  dataset: string;
  title: string;
  format: string;
  source: string;
  fileHash: string;
  dataDate?: string;
  entities: Entity[];
  actor: string;
  /** Re-import even when the file hash equals the current version's. */
  force?: boolean;
}

/** Watchlist data: dataset versions and their entities. Global, not per office. */
export interface ListStore {
  /**
   * Replaces a dataset's entities with a new version in one transaction: on any error the
   * previous version stays current and searchable. Returns the new version with its delta.
   */
  replaceDataset(input: ReplaceDatasetInput): Promise<DatasetVersion>;
  listDatasets(): Promise<DatasetSummary[]>;
  datasetHistory(dataset: string): Promise<DatasetVersion[]>;
  getEntity(id: string): Promise<Entity | null>;
  /** Every current entity (optionally of some datasets), for building the screening index. */
  loadEntities(datasets?: string[]): Promise<Entity[]>;
  countEntities(dataset?: string): Promise<number>;
  entitiesByIdentifier(type: IdentifierType, value: string): Promise<Entity[]>;
  /** Other lists' records of the same real-world target, linked by shared linking identifiers. */
  linkedEntities(id: string): Promise<{ entity: Entity; via: { type: IdentifierType; value: string }[] }[]>;
}

export interface Store extends ListStore {
  readonly kind: 'sqlite' | 'postgres';
  migrate(): Promise<number[]>;
  close(): Promise<void>;
}
