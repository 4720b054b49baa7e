import { parentPort, workerData } from 'node:worker_threads';
import { screenChunk, type Chunk } from './batch-screening.js';
import type { ScreeningConfig } from '../screening/config.js';
import { Screener } from '../screening/screen.js';
import { loadSnapshot } from '../screening/snapshot.js';

/** A batch worker: loads the index the main thread saved, then screens and formats chunks of rows. */
const { snapshot, config } = workerData as { snapshot: Uint8Array; config: ScreeningConfig };
const loaded = loadSnapshot(Buffer.from(snapshot.buffer, snapshot.byteOffset, snapshot.byteLength), 'batch');
if (!loaded) throw new Error('the batch worker could not read the index it was given');
const screener = new Screener(loaded.index, config);

parentPort!.on('message', (msg: { id: number; chunk: Chunk }) => {
  parentPort!.postMessage({ id: msg.id, result: screenChunk(screener, msg.chunk) });
});
parentPort!.postMessage({ ready: true });
