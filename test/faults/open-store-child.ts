// One of several processes opening the same new SQLite store at the same moment (argv: path, start time in ms).
import { SqliteStore } from '../../src/store/sqlite.js';

const [path, at] = [process.argv[2], Number(process.argv[3])];
while (Date.now() < at) {
  // Spin until the agreed moment so the processes really open the file together.
}
try {
  const store = new SqliteStore(path, { auditCheckpoint: false });
  await store.migrate();
  await store.close();
} catch (e) {
  console.error((e as Error).message);
  process.exit(8);
}
