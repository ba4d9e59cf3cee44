import { openDatabase } from '../composition-root.js';
import { ConfigError, loadConfig, type Config } from '../config.js';
import { loadSchema, migrate } from '../shared/migrate.js';

let config: Config;
try {
  config = loadConfig(process.env);
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  process.stderr.write(`${error.message}\n`);
  process.exit(1);
}
const database = await openDatabase(config);
try {
  const applied = await migrate(database, await loadSchema());
  const target = config.database.kind === 'postgres' ? 'PostgreSQL' : `PGlite in ${config.dataDir}`;
  process.stdout.write(applied.length === 0 ? `${target}: schema up to date\n` : `${target}: applied ${applied.join(', ')}\n`);
} finally {
  await database.close();
}
