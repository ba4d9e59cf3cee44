import { openDatabase } from '../composition-root.js';
import { loadConfig } from '../config.js';
import { loadMigrations, migrate } from '../shared/migrate.js';
import { WORKFLOW_MIGRATIONS_DIRECTORY } from '../workflows/index.js';

const config = loadConfig(process.env);
const database = await openDatabase(config);
try {
  const applied = await migrate(database, await loadMigrations(WORKFLOW_MIGRATIONS_DIRECTORY));
  const target = config.database.kind === 'postgres' ? 'PostgreSQL' : `PGlite in ${config.dataDir}`;
  process.stdout.write(applied.length === 0 ? `${target}: schema up to date\n` : `${target}: applied ${applied.join(', ')}\n`);
} finally {
  await database.close();
}
