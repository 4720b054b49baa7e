import { afterAll, describe, expect, it } from 'vitest';
import { bulwarkAsync, cliTargets } from '../helpers/cli.js';

/** A small seeded generator (mulberry32), so a failing kill point can be replayed. */
function rng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const { targets: TARGETS, cleanup } = cliTargets('kill');
afterAll(cleanup);

/**
 * After a kill the store opens and its audit trail verifies: the chain, its checkpoint, and every
 * record against the entry that wrote it (a dataset's entities as one digest, so a list holding
 * anything but exactly the version its import wrote fails here).
 */
async function expectIntact(env: Record<string, string>, where: string) {
  const verify = await bulwarkAsync(env, ['audit', 'verify']);
  expect(verify.code, `${where}: ${verify.err}`).toBe(0);
}

describe.each(TARGETS)('kill -9 at seeded random points: $name', (t) => {
  const maybe = t.available ? it : it.skip;

  maybe.each([11, 23])('seed %i: first start, re-imports and writes killed anywhere leave the store whole', async (seed) => {
    const next = rng(seed);
    const env = await t.env();
    // A first start loading every bundled list, killed part way.
    const first = await bulwarkAsync(env, ['status'], { killAfterMs: 300 + Math.floor(next() * 6000) });
    await expectIntact(env, `seed ${seed} after the first start`);
    if (first.signal !== 'SIGKILL') expect(first.code).toBe(0);
    // Then writes of each kind, each killed at a random point.
    const office = ['office', '--kind', 'commons', '--name', 'Office'];
    const donation = ['donation', 'add', '--donor', 'Jane Doe', '--donor-type', 'individual', '--amount', '1000', '--received', '10/11/2026', '--description', 'support', '--yes', 'on_electoral_register'];
    const reimport = ['import', 'un-xml', new URL('../../data/lists/un/consolidated.xml', import.meta.url).pathname, '--dataset', 'un-sc', '--force'];
    for (const [i, args] of [office, donation, reimport, donation].entries()) {
      await bulwarkAsync(env, args, { killAfterMs: 200 + Math.floor(next() * 2500) });
      await expectIntact(env, `seed ${seed} after write ${i}`);
    }
  }, 300_000);
});
