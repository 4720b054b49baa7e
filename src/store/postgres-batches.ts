import type pg from 'pg';
import { BATCH_COLUMNS, BATCH_UPSERT_SET, batchParams, rowBatch, type BatchJobRecord, type BatchJobRow, type BatchJobStore } from './batches.js';

type Tx = <T>(fn: (c: pg.PoolClient) => Promise<T>) => Promise<T>;

/** Batch jobs on PostgreSQL. */
export class PostgresBatches implements BatchJobStore {
  constructor(private readonly tx: Tx) {}

  async saveJob(job: BatchJobRecord, result?: Buffer): Promise<void> {
    await this.tx(async (c) => {
      await c.query(`INSERT INTO batch_jobs (${BATCH_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) ON CONFLICT (id) DO UPDATE SET ${BATCH_UPSERT_SET}`, batchParams(job));
      if (result) await c.query('UPDATE batch_jobs SET result = $1 WHERE id = $2', [result, job.id]);
    });
  }

  async getJob(officeId: string, id: string): Promise<BatchJobRecord | null> {
    const r = await this.tx(async (c) => (await c.query<BatchJobRow>(`SELECT ${BATCH_COLUMNS} FROM batch_jobs WHERE office_id = $1 AND id = $2`, [officeId, id])).rows[0]);
    return r ? rowBatch(r) : null;
  }

  async result(officeId: string, id: string): Promise<Buffer | null> {
    const r = await this.tx(async (c) => (await c.query<{ result: Buffer | null }>('SELECT result FROM batch_jobs WHERE office_id = $1 AND id = $2', [officeId, id])).rows[0]);
    return r?.result ?? null;
  }

  async deleteJobs(before: string): Promise<number> {
    return this.tx(async (c) => (await c.query('DELETE FROM batch_jobs WHERE updated_at < $1', [before])).rowCount ?? 0);
  }
}
