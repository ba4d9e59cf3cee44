import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { accountIdFromOrganization } from '../../../src/shared/ids.js';
import { aTestApp, aToken, aWorkflowBody } from '../../support/app.js';
import { closeSharedDatabases, databaseKinds } from '../../support/database.js';
import { queryRows, sql } from '../../support/sql.js';

afterAll(closeSharedDatabases);

describe.each(databaseKinds())('concurrent creates on %s', (kind) => {
  it('gives one 201 and nineteen 409s for twenty simultaneous creates of one name', async () => {
    const { create, database } = await aTestApp({ kind });
    const org = `org_${randomUUID()}`;
    const token = await aToken({ org });
    const body = aWorkflowBody({ name: 'Race condition' });

    const responses = await Promise.all(Array.from({ length: 20 }, () => create(body, token)));

    const statuses = responses.map((response) => response.statusCode).sort();
    expect(statuses).toEqual([201, ...Array<number>(19).fill(409)]);
    const winner = responses.find((response) => response.statusCode === 201)?.json<{ id: string }>().id;
    for (const response of responses.filter((each) => each.statusCode === 409)) {
      expect(response.json()).toMatchObject({ existing_workflow_id: winner });
    }
    const accountId = accountIdFromOrganization(org);
    const counts = await queryRows<{ workflows: number; audits: number }>(database, sql`select
      (select count(*)::int from workflows where account_id = ${accountId}) as workflows,
      (select count(*)::int from audit_logs where account_id = ${accountId}) as audits`);
    expect(counts[0]).toEqual({ workflows: 1, audits: 1 });
  });
});
