import { loadBundledLists } from '../../src/ingest/importer.js';
import type { Store } from '../../src/store/types.js';
import { ACTOR } from './stores.js';

/** Loads every bundled list into a store (the real data the services screen against). */
export async function withBundledLists(store: Store): Promise<Store> {
  await loadBundledLists(store, ACTOR);
  return store;
}
