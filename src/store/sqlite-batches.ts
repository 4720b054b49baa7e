import type Database from 'better-sqlite3';
import { BATCH_COLUMNS, BATCH_UPSERT_SET, batchParams, rowBatch, type BatchJobRecord, type BatchJobRow, type BatchJobStore } from './batches.js';

/** Batch jobs on SQLite; writes go through the store's write queue. */
export class SqliteBatches implements BatchJobStore {
  constructor(
    private readonly db: Database.Database,
    private readonly write: <T>(fn: () => T) => Promise<T>,
  ) {}

  async saveJob(job: BatchJobRecord, result?: Buffer): Promise<void> {
    await this.write(() => {
      this.db.prepare(`INSERT INTO batch_jobs (${BATCH_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET ${BATCH_UPSERT_SET}`).run(...batchParams(job));
      if (result) this.db.prepare('UPDATE batch_jobs SET result = ? WHERE id = ?').run(result, job.id);
    });
  }

  async getJob(officeId: string, id: string): Promise<BatchJobRecord | null> {
    const r = this.db.prepare(`SELECT ${BATCH_COLUMNS} FROM batch_jobs WHERE office_id = ? AND id = ?`).get(officeId, id) as BatchJobRow | undefined;
    return r ? rowBatch(r) : null;
  }

  async result(officeId: string, id: string): Promise<Buffer | null> {
    const r = this.db.prepare('SELECT result FROM batch_jobs WHERE office_id = ? AND id = ?').get(officeId, id) as { result: Buffer | null } | undefined;
    return r?.result ?? null;
  }

  async deleteJobs(before: string): Promise<number> {
    return this.write(() => this.db.prepare('DELETE FROM batch_jobs WHERE updated_at < ?').run(before).changes);
  }
}
