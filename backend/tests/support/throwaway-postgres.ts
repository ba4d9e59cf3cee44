import { randomUUID } from 'node:crypto';
import pg from 'pg';

/** A database of its own on the test server (created from template0 with the given locale), dropped afterwards. */
export interface ThrowawayPostgres {
  readonly url: string;
  drop(): Promise<void>;
}

export async function createThrowawayPostgres(serverUrl: string, locale = 'C'): Promise<ThrowawayPostgres> {
  const name = `wf_test_${randomUUID().replaceAll('-', '').slice(0, 12)}`;
  const admin = new pg.Client({ connectionString: serverUrl });
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
      const dropper = new pg.Client({ connectionString: serverUrl });
      await dropper.connect();
      try {
        await dropper.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await dropper.end();
      }
    },
  };
}
