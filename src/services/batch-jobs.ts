import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Actor } from '../domain/actor.js';
import { BulwarkError } from '../errors.js';
import type { Clock } from './accounts.js';
import { screenBatch, type BatchSummary } from './batch-screening.js';
import type { ScreeningService } from './screening.js';

export interface BatchJob {
  id: string;
  officeId: string;
  createdBy: string;
  filename: string;
  status: 'running' | 'done' | 'failed';
  /** Bytes of the input read so far, and in all: the progress bar. */
  readBytes: number;
  totalBytes: number;
  rows: number;
  summary?: BatchSummary;
  error?: string;
  startedAt: string;
}

/** How long a finished batch's result stays available to download. */
const KEEP_MS = 60 * 60_000;

/**
 * Batch screening started over the API: the upload goes to a private temporary folder, is
 * screened in the background, and its result is downloaded by the same office. Jobs live in this
 * process only (a cache of work, not a record: the audit trail holds who screened what).
 */
export class BatchJobs {
  private readonly jobs = new Map<string, BatchJob & { dir: string }>();

  constructor(
    private readonly screening: ScreeningService,
    private readonly clock: Clock,
  ) {}

  async start(actor: Actor, content: Buffer, filename: string): Promise<BatchJob> {
    if (!content.length) throw new BulwarkError('BWK_ERR_FILE_EMPTY', 'the uploaded CSV is empty', { file: filename });
    this.expire();
    const { screener } = await this.screening.screener();
    const dir = mkdtempSync(join(tmpdir(), 'bulwark-batch-'));
    writeFileSync(join(dir, 'in.csv'), content, { mode: 0o600 });
    const job = { id: randomUUID(), officeId: actor.officeId, createdBy: actor.userId, filename, status: 'running' as BatchJob['status'], readBytes: 0, totalBytes: content.length, rows: 0, startedAt: this.clock().toISOString(), dir };
    this.jobs.set(job.id, job);
    screenBatch(screener, join(dir, 'in.csv'), join(dir, 'out.csv'), {
      onProgress: (rows, total, read) => Object.assign(job, { rows, totalBytes: total, readBytes: read }),
      workers: 1,
    }).then(
      (summary) => Object.assign(job, { status: 'done', summary, rows: summary.rows, readBytes: job.totalBytes }),
      (e: Error) => Object.assign(job, { status: 'failed', error: e.message }),
    );
    return this.view(job);
  }

  /** One job of the caller's office; another office's job reads as not found. */
  get(actor: Actor, id: string): BatchJob {
    const job = this.jobs.get(id);
    if (!job || job.officeId !== actor.officeId) throw new BulwarkError('BWK_ERR_NOT_FOUND', `no batch "${id}"`);
    return this.view(job);
  }

  resultPath(actor: Actor, id: string): string {
    const job = this.get(actor, id);
    if (job.status !== 'done') throw new BulwarkError('BWK_ERR_INPUT', `batch ${id} is ${job.status}${job.error ? `: ${job.error}` : ''}`);
    return join(this.jobs.get(id)!.dir, 'out.csv');
  }

  private view({ dir: _, ...job }: BatchJob & { dir: string }): BatchJob {
    return { ...job };
  }

  private expire(): void {
    const now = this.clock().getTime();
    for (const [id, job] of this.jobs) {
      if (job.status !== 'running' && now - Date.parse(job.startedAt) > KEEP_MS) {
        rmSync(job.dir, { recursive: true, force: true });
        this.jobs.delete(id);
      }
    }
  }

  /** Removes every job's files (server shutdown). */
  close(): void {
    for (const job of this.jobs.values()) rmSync(job.dir, { recursive: true, force: true });
    this.jobs.clear();
  }
}
