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

export type Judgement = 'false_positive' | 'true_match' | 'unsure';
export const JUDGEMENTS: Judgement[] = ['false_positive', 'true_match', 'unsure'];

export interface Decision {
  id: string;
  officeId: string;
  queryKey: string;
  queryText: string;
  entityId: string;
  /** The entity's content hash when decided: a changed listing re-opens the decision. */
  entityHash: string;
  decision: Judgement;
  reason: string;
  actor: string;
  createdAt: string;
}

/** Reviewers' decisions on screening hits, per office. */
export interface DecisionStore {
  addDecision(d: Decision): Promise<void>;
  /** The latest decision for each of the entities, for one office and query. */
  latestDecisions(officeId: string, queryKey: string, entityIds: string[]): Promise<Map<string, Decision>>;
}

export interface AuditEntry {
  seq: number;
  at: string;
  actor: string;
  officeId: string;
  action: string;
  subject: string;
  detail: unknown;
  prevHash: string;
  hash: string;
}

/** Append-only, hash-chained record of every change. */
export interface AuditStore {
  appendAudit(e: Pick<AuditEntry, 'actor' | 'officeId' | 'action' | 'subject' | 'detail'>): Promise<AuditEntry>;
  listAudit(opts?: { officeId?: string; limit?: number }): Promise<AuditEntry[]>;
}

export interface Store extends ListStore, DecisionStore, AuditStore {
  readonly kind: 'sqlite' | 'postgres';
  migrate(): Promise<number[]>;
  close(): Promise<void>;
}
