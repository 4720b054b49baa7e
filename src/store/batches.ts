/** Batch jobs in the store: the record, the store interface, and the row mapping both adapters share. */

/** A CSV screening batch started over the API: kept in the store so that any server process can report it. */
export interface BatchJobRecord {
  id: string;
  officeId: string;
  createdBy: string;
  filename: string;
  status: 'running' | 'done' | 'failed';
  /** Bytes of the input read so far, and in all: the progress bar. */
  readBytes: number;
  totalBytes: number;
  rows: number;
  summary?: Record<string, unknown>;
  error?: string;
  startedAt: string;
  /** Written with every progress step: a running job not heard of for a while lost its process. */
  updatedAt: string;
}

export interface BatchJobStore {
  /** Inserts or updates a job; `result` (the output CSV) is written once, when the job is done. */
  saveJob(job: BatchJobRecord, result?: Buffer): Promise<void>;
  /** A job of this office; another office's reads as not found. */
  getJob(officeId: string, id: string): Promise<BatchJobRecord | null>;
  result(officeId: string, id: string): Promise<Buffer | null>;
  /** Removes jobs last updated before `before`, with their results; answers how many. */
  deleteJobs(before: string): Promise<number>;
}

/** Row shape and mapping for batch jobs, shared by both adapters. */
export interface BatchJobRow {
  id: string; office_id: string; created_by: string; filename: string; status: string; read_bytes: number | string; total_bytes: number | string; rows: number | string;
  summary: string | null; error: string | null; started_at: string; updated_at: string;
}

export const BATCH_COLUMNS = 'id, office_id, created_by, filename, status, read_bytes, total_bytes, rows, summary, error, started_at, updated_at';
export const BATCH_UPSERT_SET = 'status = excluded.status, read_bytes = excluded.read_bytes, total_bytes = excluded.total_bytes, rows = excluded.rows, summary = excluded.summary, error = excluded.error, updated_at = excluded.updated_at';
export const batchParams = (j: BatchJobRecord) => [
  j.id, j.officeId, j.createdBy, j.filename, j.status, j.readBytes, j.totalBytes, j.rows, j.summary ? JSON.stringify(j.summary) : null, j.error ?? null, j.startedAt, j.updatedAt,
];
export const rowBatch = (r: BatchJobRow): BatchJobRecord => ({
  id: r.id, officeId: r.office_id, createdBy: r.created_by, filename: r.filename, status: r.status as BatchJobRecord['status'],
  readBytes: Number(r.read_bytes), totalBytes: Number(r.total_bytes), rows: Number(r.rows),
  ...(r.summary ? { summary: JSON.parse(r.summary) as Record<string, unknown> } : {}), ...(r.error ? { error: r.error } : {}), startedAt: r.started_at, updatedAt: r.updated_at,
});
