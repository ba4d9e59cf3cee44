import { randomUUID } from 'node:crypto';
import pg from 'pg';

/**
 * A database of its own on the test server (created from template0 with the given locale), dropped afterwards.
 * Its `url` is `serverUrl` with the new database's name, so it goes wherever `serverUrl` goes (a
 * transaction pooler included). CREATE and DROP DATABASE go to `DATABASE_ADMIN_URL` when it is set:
 * the PostgreSQL server itself, when `serverUrl` is a pooler that may not route them.
 */
export interface ThrowawayPostgres {
  readonly url: string;
  drop(): Promise<void>;
}

export async function createThrowawayPostgres(serverUrl: string, locale = 'C'): Promise<ThrowawayPostgres> {
  const name = `wf_test_${randomUUID().replaceAll('-', '').slice(0, 12)}`;
  const adminUrl = process.env.DATABASE_ADMIN_URL ?? serverUrl;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name} TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE '${locale}' LC_CTYPE '${locale}'`);
  } finally {
    await admin.end();
  }
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      // WITH (FORCE) also ends the server connections a pooler still holds to the database.
      const dropper = new pg.Client({ connectionString: adminUrl });
      await dropper.connect();
      try {
        await dropper.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await dropper.end();
      }
    },
  };
}
