import { parentPort, workerData } from 'node:worker_threads';
import type { Entity } from '../domain/entity.js';
import { screenChunk, type Chunk } from './batch-screening.js';
import type { ScreeningConfig } from '../screening/config.js';
import { ScreeningIndex } from '../screening/index.js';
import { Screener } from '../screening/screen.js';

/** A batch worker: builds its own index once, then screens and formats chunks of rows from the main thread. */
const { entities, config } = workerData as { entities: Entity[]; config: ScreeningConfig };
const screener = new Screener(new ScreeningIndex(entities), config);

parentPort!.on('message', (msg: { id: number; chunk: Chunk }) => {
  parentPort!.postMessage({ id: msg.id, result: screenChunk(screener, msg.chunk) });
});
parentPort!.postMessage({ ready: true });
