import type { TestProject } from 'vitest/node';
import { startBackend, type BackendInfo } from './backend.js';
import { BROWSER_ORIGIN } from './browser-origin.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The backend with its default limits: every test except the rate-limit ones. */
    backend: BackendInfo;
    /** A second backend whose per-user create limit is 2 a minute, to reach 429 in three requests. */
    limitedBackend: BackendInfo;
  }
}

export const LIMITED_CREATES = 2;

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const cors = { CORS_ORIGINS: BROWSER_ORIGIN };
  const started = await Promise.allSettled([startBackend(cors), startBackend({ ...cors, FEATURE_WORKFLOW_RATE_LIMIT: `${LIMITED_CREATES}/60s` })]);
  const running = started.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []));
  const stopAll = async () => {
    await Promise.all(running.map((backend) => backend.stop()));
  };
  const [main, limited] = started;
  if (main.status !== 'fulfilled' || limited.status !== 'fulfilled') {
    await stopAll();
    const failure = started.find((result) => result.status === 'rejected');
    throw failure?.reason instanceof Error ? failure.reason : new Error('a backend did not start');
  }
  project.provide('backend', { url: main.value.url, dataDir: main.value.dataDir });
  project.provide('limitedBackend', { url: limited.value.url, dataDir: limited.value.dataDir });
  return stopAll;
}
