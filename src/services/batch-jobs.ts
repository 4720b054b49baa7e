import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Actor } from '../domain/actor.js';
import { BulwarkError } from '../errors.js';
import type { BatchJobRecord } from '../store/batches.js';
import type { Store } from '../store/types.js';
import type { Clock } from './accounts.js';
import { screenBatch } from './batch-screening.js';
import type { ScreeningService } from './screening.js';

export type BatchJob = BatchJobRecord;

/** How long a finished batch's result stays available to download. */
const KEEP_MS = 60 * 60_000;
/** Progress is written at most this often (it is also the running job's sign of life). */
const PROGRESS_MS = 1_000;
/** A running job not heard of for this long lost the process that ran it. */
const STALE_MS = 2 * 60_000;

/**
 * Batch screening started over the API. The upload goes to a private temporary folder of the
 * process that screens it; the job, its progress and its result live in the store, so whichever
 * server process a client reaches can report and deliver it.
 */
export class BatchJobs {
  /** Temporary folders of the jobs this process is running. */
  private readonly running = new Map<string, string>();

  constructor(
    private readonly store: Store,
    private readonly screening: ScreeningService,
    private readonly clock: Clock,
  ) {}

  async start(actor: Actor, content: Buffer, filename: string): Promise<BatchJob> {
    if (!content.length) throw new BulwarkError('BWK_ERR_FILE_EMPTY', 'the uploaded CSV is empty', { file: filename });
    await this.store.batches.deleteJobs(new Date(this.clock().getTime() - KEEP_MS).toISOString());
    const { screener } = await this.screening.screener();
    const dir = mkdtempSync(join(tmpdir(), 'bulwark-batch-'));
    writeFileSync(join(dir, 'in.csv'), content, { mode: 0o600 });
    const now = this.clock().toISOString();
    const job: BatchJob = { id: randomUUID(), officeId: actor.officeId, createdBy: actor.userId, filename, status: 'running', readBytes: 0, totalBytes: content.length, rows: 0, startedAt: now, updatedAt: now };
    await this.store.batches.saveJob(job);
    this.running.set(job.id, dir);
    // Writes are chained so that a late progress step never overwrites the finished job.
    let writes = Promise.resolve();
    let last = 0;
    const save = (change: Partial<BatchJob>, result?: Buffer) => {
      Object.assign(job, change, { updatedAt: this.clock().toISOString() });
      const snapshot = { ...job };
      writes = writes.then(() => this.store.batches.saveJob(snapshot, result)).catch(() => undefined);
      return writes;
    };
    screenBatch(screener, join(dir, 'in.csv'), join(dir, 'out.csv'), {
      onProgress: (rows, total, read) => {
        if (Date.now() - last < PROGRESS_MS) return;
        last = Date.now();
        void save({ rows, totalBytes: total, readBytes: read });
      },
      workers: 1,
    })
      .then(
        (summary) => save({ status: 'done', summary: { ...summary }, rows: summary.rows, readBytes: job.totalBytes }, readFileSync(join(dir, 'out.csv'))),
        (e: Error) => save({ status: 'failed', error: e.message }),
      )
      .finally(() => {
        this.running.delete(job.id);
        rmSync(dir, { recursive: true, force: true });
      });
    return { ...job };
  }

  /** One job of the caller's office; another office's job reads as not found. */
  async get(actor: Actor, id: string): Promise<BatchJob> {
    const job = await this.store.batches.getJob(actor.officeId, id);
    if (!job) throw new BulwarkError('BWK_ERR_NOT_FOUND', `no batch "${id}"`);
    if (job.status === 'running' && !this.running.has(id) && this.clock().getTime() - Date.parse(job.updatedAt) > STALE_MS) {
      return { ...job, status: 'failed', error: 'the server process screening it stopped before it finished; start the batch again' };
    }
    return job;
  }

  /** A finished job's output CSV. */
  async result(actor: Actor, id: string): Promise<Buffer> {
    const job = await this.get(actor, id);
    if (job.status !== 'done') throw new BulwarkError('BWK_ERR_INPUT', `batch ${id} is ${job.status}${job.error ? `: ${job.error}` : ''}`);
    const out = await this.store.batches.result(actor.officeId, id);
    if (!out) throw new BulwarkError('BWK_ERR_NOT_FOUND', `no batch "${id}"`);
    return out;
  }

  /** Removes the temporary files of the jobs this process runs (server shutdown); they then read as stopped. */
  close(): void {
    for (const dir of this.running.values()) rmSync(dir, { recursive: true, force: true });
    this.running.clear();
  }
}
