import type { Entity, IdentifierType } from '../domain/entity.js';
import type { SecurityStore } from './security.js';
import type { DigestChoice } from '../domain/reminders.js';
import type { BatchJobStore } from './batches.js';

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
  /** The publisher's date; a function when a streamed file gives it only at its end (called after the last entity). */
  dataDate?: string | (() => string | undefined);
  /** The new version's entities, written as they come: an array, or a parser's stream (never held whole). */
  entities: Iterable<Entity> | AsyncIterable<Entity>;
  actor: string;
  /** Re-import even when the file hash equals the current version's. */
  force?: boolean;
  /** Office of the actor, for the audit entry written in the same transaction. */
  officeId: string;
  /**
   * Largest share of the current version's entities the new one may lose (0.1 = 10%); above it the
   * import is refused with the numbers unless `acceptLoss` gives the reason, which is audited.
   */
  maxLoss?: number;
  acceptLoss?: string;
}

/** Watchlist data: dataset versions and their entities. Global, not per office. */
export interface ListStore {
  /**
   * Replaces a dataset's entities with a new version, written in batches as the entities arrive,
   * each batch its own short transaction, into a version no reader sees until one short last
   * transaction makes it current (staged-import.ts): on any error (the stream's included) the
   * previous version stays current and searchable. The loss check runs in that last transaction.
   * Returns the new version with its delta.
   */
  replaceDataset(input: ReplaceDatasetInput): Promise<DatasetVersion>;
  listDatasets(): Promise<DatasetSummary[]>;
  /** Each list's current version id, by list name: one small read, for what checks often whether a list changed. */
  currentVersions(): Promise<Record<string, number>>;
  /** The dataset's versions that became current, newest first (a version's import time is when it did). */
  datasetHistory(dataset: string): Promise<DatasetVersion[]>;
  getEntity(id: string): Promise<Entity | null>;
  /**
   * Every current entity (optionally of some datasets) in id order, each given to `visit` and let go, for
   * building the screening index: one consistent read, never every entity in memory at once.
   */
  scanEntities(visit: (e: Entity) => void, datasets?: string[]): Promise<void>;
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
  /** Stores a decision with its audit entry in one transaction. */
  addDecision(d: Decision, audit: AuditInput): Promise<void>;
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
  /** The records this change wrote, each with the hash of its content as stored. */
  records: RecordRef[];
  /** 1 for entries written before record hashes; 2 covers the sequence number and records too. */
  chainVersion: number;
  prevHash: string;
  hash: string;
}

/** A stored record named by table and id (a dataset's entities: table `entities`, id the dataset). */
export interface RecordRef {
  table: string;
  id: string;
  hash: string;
}

export interface AuditReport {
  ok: boolean;
  entries: number;
  /** Records covered by the trail. */
  records: number;
  checkpoint: { seq: number; hash: string; at: string } | null;
  /** Each problem in one sentence; empty when intact. */
  problems: string[];
}

/** Append-only, hash-chained record of every change. */
export interface AuditStore {
  appendAudit(e: AuditInput): Promise<AuditEntry>;
  listAudit(opts?: { officeId?: string; limit?: number }): Promise<AuditEntry[]>;
  /** Checks the chain, its checkpoint and every covered record against the hash its entry recorded. */
  verifyAudit(): Promise<AuditReport>;
}

export interface Office {
  id: string;
  name: string;
  kind: string;
  createdAt: string;
}

export interface ContactRecord {
  id: string;
  officeId: string;
  name: string;
  /** Everything else about the contact (kind, claimed role, affiliation, emails…), as the service defines it. */
  data: Record<string, unknown>;
  createdAt: string;
  updatedAt: string;
}

export interface ApproachRecord {
  id: string;
  officeId: string;
  contactId: string;
  date: string;
  data: Record<string, unknown>;
  assessment: Record<string, unknown>;
  catalogueVersion: number;
  createdBy: string;
  createdAt: string;
}

export interface AttachmentRecord {
  id: string;
  approachId: string;
  officeId: string;
  filename: string;
  mediaType: string;
  sha256: string;
  size: number;
  content: Buffer;
}

export interface AlertRecord {
  id: string;
  officeId: string;
  contactId: string;
  approachId: string;
  kind: string;
  level: string;
  message: string;
  routedTo: string[];
  createdAt: string;
}

export interface CatalogueVersion {
  version: number;
  data: unknown;
  actor: string;
  note: string;
  createdAt: string;
}

export type AuditInput = Pick<AuditEntry, 'actor' | 'officeId' | 'action' | 'subject' | 'detail'>;

/** Contacts and approaches, per office; contact keys (emails, phones, profiles) let security teams correlate across offices. */
export interface ApproachStore {
  getOffice(id: string): Promise<Office | null>;
  listOffices(): Promise<Office[]>;
  saveOffice(o: Office, audit: AuditInput): Promise<void>;
  /**
   * Writes a contact (new or updated), its keys, an approach, its attachments, alerts and the audit entry in one
   * transaction, with the sources in `queue` queued for resolution across offices.
   */
  recordApproach(input: { contact: ContactRecord; keys: string[]; approach: ApproachRecord; attachments: AttachmentRecord[]; alerts: AlertRecord[]; audit: AuditInput; queue?: string[] }): Promise<void>;
  /** A contact of this office; another office's contact reads as not found. */
  getContact(officeId: string, id: string): Promise<ContactRecord | null>;
  listContacts(officeId: string): Promise<ContactRecord[]>;
  approachesFor(officeId: string, contactId: string): Promise<ApproachRecord[]>;
  /** One approach of this office; another office's reads as not found. */
  getApproach(officeId: string, id: string): Promise<ApproachRecord | null>;
  attachmentsFor(officeId: string, approachId: string): Promise<Omit<AttachmentRecord, 'content'>[]>;
  /** Keys shared by contacts of two or more offices, with those contacts (security teams' view). */
  sharedContactKeys(): Promise<{ key: string; contacts: { officeId: string; contactId: string }[] }[]>;
  /** Other offices' contacts sharing any of these keys (for cross-office correlation). */
  contactsWithKeys(keys: string[], exceptOffice: string): Promise<{ officeId: string; contactId: string; key: string }[]>;
  listAlerts(officeId: string): Promise<AlertRecord[]>;
  latestCatalogue(): Promise<CatalogueVersion | null>;
  saveCatalogue(c: CatalogueVersion, audit: AuditInput): Promise<void>;
}

/** An office's own document (a donation, gift, visit or trip), typed by the service that owns its kind. */
export interface OfficeRecord<T = Record<string, unknown>> {
  id: string;
  officeId: string;
  kind: string;
  /** What the service groups by, e.g. the donor key. */
  key: string;
  /** The record's own date (received, departure…), for ordering and year filters. */
  date: string;
  data: T;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
}

/** Office records, always read within one office. */
export interface RecordStore {
  /** Inserts or replaces records, with their audit entry and the sources in `queue` queued for resolution, in one transaction. */
  putRecords(records: OfficeRecord[], audit: AuditInput, queue?: string[]): Promise<void>;
  getRecord(officeId: string, kind: string, id: string): Promise<OfficeRecord | null>;
  listRecords(officeId: string, kind: string): Promise<OfficeRecord[]>;
}

/** One user's completion of one awareness drill: every attempt is kept, the newest counts. */
export interface DrillCompletion {
  id: string;
  officeId: string;
  userId: string;
  drillId: string;
  drillVersion: number;
  correct: number;
  total: number;
  completedAt: string;
}

/** Awareness drills completed, per office and user. */
export interface AwarenessStore {
  /** Stores a completion with its audit entry in one transaction. */
  recordDrillCompletion(c: DrillCompletion, audit: AuditInput): Promise<void>;
  /** An office's completions (optionally one user's), oldest first. */
  drillCompletions(officeId: string, userId?: string): Promise<DrillCompletion[]>;
}

export interface UserRecord {
  id: string;
  username: string;
  displayName: string;
  /** Where reminders go (deadline and alert digests); optional. */
  email?: string;
  role: string;
  /** The office the user belongs to (their writes go there). */
  officeId: string;
  /** Further offices the user is assigned to (security officers protect several). */
  offices: string[];
  /** argon2id hash in PHC string form. */
  passwordHash: string;
  mustChangePassword: boolean;
  disabled: boolean;
  /** How often reminders are emailed to `email`. */
  digest: DigestChoice;
  createdAt: string;
  updatedAt: string;
}

export interface SessionRecord {
  /** SHA-256 of the cookie value: a stolen database yields no usable session. */
  idHash: string;
  userId: string;
  csrfToken: string;
  createdAt: string;
  expiresAt: string;
  lastSeenAt: string;
}

export interface TokenRecord {
  id: string;
  userId: string;
  name: string;
  /** SHA-256 of the token; the token itself is shown once and never stored. */
  tokenHash: string;
  scopes: string[];
  createdAt: string;
  lastUsedAt?: string;
  revokedAt?: string;
}

/** Users, sessions, API tokens and login failures: everything that must hold across server processes. */
export interface AccountStore {
  countUsers(): Promise<number>;
  /** Inserts or updates a user, with its audit entry, in one transaction. */
  saveUser(u: UserRecord, audit: AuditInput): Promise<void>;
  getUser(id: string): Promise<UserRecord | null>;
  userByName(username: string): Promise<UserRecord | null>;
  listUsers(): Promise<UserRecord[]>;
  /** Inserts or refreshes a session. */
  putSession(s: SessionRecord): Promise<void>;
  getSession(idHash: string): Promise<SessionRecord | null>;
  /** Ends one session, or every session of a user. */
  deleteSessions(where: { idHash: string } | { userId: string }): Promise<void>;
  /** Inserts or updates (revokes) a token, with its audit entry. */
  saveToken(t: TokenRecord, audit: AuditInput): Promise<void>;
  tokenByHash(tokenHash: string): Promise<TokenRecord | null>;
  listTokens(userId: string): Promise<TokenRecord[]>;
  touchToken(id: string, at: string): Promise<void>;
  /** Records a failed sign-in under a key (user name or address) and answers how many since `since`. */
  addLoginFailure(key: string, at: string, since: string): Promise<number>;
  countLoginFailures(key: string, since: string): Promise<number>;
  clearLoginFailures(key: string): Promise<void>;
  /** Claims one digest round for a user: true for the first claimant only, across processes. */
  claimDigest(round: string, userId: string, at: string): Promise<boolean>;
  /** Gives a claim back (the mail could not be sent), so a later look tries again. */
  releaseDigest(round: string, userId: string): Promise<void>;
}

export interface Store extends ListStore, DecisionStore, AuditStore, ApproachStore, RecordStore, AwarenessStore, SecurityStore {
  readonly kind: 'sqlite' | 'postgres';
  /** The SQLite file (absent on PostgreSQL). */
  readonly path?: string;
  /**
   * Where files that belong to this store are kept (the saved screening index), and what tells this
   * store from others whose files share that folder: beside the SQLite file; beside a PostgreSQL
   * store's audit checkpoint, named by its host, database and schema. Absent in memory or without a checkpoint.
   */
  readonly files?: { dir: string; identity: string };
  /** Users, sessions, tokens and login failures. */
  readonly accounts: AccountStore;
  readonly batches: BatchJobStore;
  /** Applies the migrations not yet applied (up to `target`, for tests); refuses a store from a newer Bulwark. */
  migrate(target?: number): Promise<number[]>;
  /**
   * Runs `fn` while holding a lock on `key` that every process sharing the store respects, so a
   * check that reads an aggregate and then writes cannot interleave with another on the same key.
   */
  serialize<T>(key: string, fn: () => Promise<T>): Promise<T>;
  /** Row counts of every table, for backups and restores. */
  tableCounts(): Promise<Record<string, number>>;
  close(): Promise<void>;
}

/** Where and how a store keeps its audit checkpoint. */
export interface StoreOptions {
  /** The checkpoint file; SQLite defaults to `<file>.audit-head` beside the store; false for none (a backup being checked). */
  auditCheckpoint?: string | false;
  /** Secret that signs the checkpoint (BULWARK_AUDIT_KEY). */
  auditKey?: string;
  /** SQLite: how long a write waits for another process's lock before it fails (two minutes; tests shorten it). */
  busyTimeoutMs?: number;
}
