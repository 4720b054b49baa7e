import { parentPort, workerData } from 'node:worker_threads';
import type { Entity } from '../domain/entity.js';
import { isBulwarkError } from '../errors.js';
import type { ScreeningConfig } from './config.js';
import { ScreeningIndex } from './index.js';
import { Screener, type ScreenHit } from './screen.js';

/** A batch worker: builds its own index once, then screens chunks of rows sent by the main thread. */
export interface WorkRow {
  line: number;
  name: string;
  type?: string;
  dob?: string;
  country?: string;
  id?: string;
}

export interface WorkResult {
  line: number;
  hits: ScreenHit[];
  error?: string;
}

const { entities, config, limit } = workerData as { entities: Entity[]; config: ScreeningConfig; limit?: number };
const screener = new Screener(new ScreeningIndex(entities), config);

parentPort!.on('message', (msg: { chunk: number; rows: WorkRow[] }) => {
  const results: WorkResult[] = msg.rows.map((r) => {
    try {
      const q = { name: r.name, ...(r.type ? { type: r.type } : {}), ...(r.dob ? { dob: r.dob } : {}), ...(r.country ? { country: r.country } : {}), ...(r.id ? { id: r.id } : {}) };
      return { line: r.line, hits: screener.screen(q, { ...(limit ? { limit } : {}), includePossible: false }).hits };
    } catch (e) {
      if (!isBulwarkError(e)) throw e;
      return { line: r.line, hits: [], error: `line ${r.line}: ${e.message}` };
    }
  });
  parentPort!.postMessage({ chunk: msg.chunk, results });
});
parentPort!.postMessage({ ready: true });
