import { loadOrCreateDevKeyPair, mintDevToken } from '../../src/auth/index.js';
import { createBody, type Caller } from './load.js';

const ACCOUNTS = 4;
const USERS_PER_ACCOUNT = 2;
const WORKFLOWS_PER_CALLER = 25;

/** Dev tokens for several users across several accounts, each with workflows of its own to read. */
export async function benchCallers(dataDir: string, url: string): Promise<Caller[]> {
  const keys = await loadOrCreateDevKeyPair(dataDir);
  const callers: Caller[] = [];
  for (let account = 0; account < ACCOUNTS; account += 1) {
    for (let user = 0; user < USERS_PER_ACCOUNT; user += 1) {
      const token = await mintDevToken(keys.privateKey, keys.keyId, {
        org: `bench_${account}`,
        user: `bench_${account}_${user}`,
        permissions: ['org:workflows:create', 'org:workflows:read', 'org:workflows:update', 'org:workflows:delete'],
        ttlSeconds: 6 * 3600,
      });
      callers.push({ token, workflowIds: await seed(url, token) });
    }
  }
  return callers;
}

async function seed(url: string, token: string): Promise<string[]> {
  const ids: string[] = [];
  for (let index = 0; index < WORKFLOWS_PER_CALLER; index += 1) {
    const response = await fetch(`${url}/api/v1/workflows`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: createBody(),
    });
    if (response.status !== 201) throw new Error(`seeding a workflow answered ${response.status}: ${await response.text()}`);
    ids.push(((await response.json()) as { id: string }).id);
  }
  return ids;
}
