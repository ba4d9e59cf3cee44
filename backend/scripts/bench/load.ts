import { randomUUID } from 'node:crypto';
import autocannon from 'autocannon';

export interface LoadFigures {
  readonly requestsPerSecond: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly errors: number;
  readonly non2xx: number;
  readonly requests: number;
}

export interface Caller {
  readonly token: string;
  /** Workflows of the caller's account, for reads. */
  readonly workflowIds: readonly string[];
}

const SCHEDULE = { cron: '0 2 * * *', timezone: 'Europe/Paris' };

export function createBody(): string {
  return JSON.stringify({ name: `Bench ${randomUUID()}`, trigger_type: 'schedule', trigger_config: SCHEDULE });
}

function figures(result: autocannon.Result): LoadFigures {
  return {
    requestsPerSecond: result.requests.average,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
    requests: result.requests.total,
  };
}

export type Endpoint = 'create' | 'get';

/** Drives one endpoint at `connections` for `seconds`, spreading requests over the callers. */
export async function drive(url: string, endpoint: Endpoint, callers: readonly Caller[], connections: number, seconds: number): Promise<LoadFigures> {
  let next = 0;
  const nextCaller = () => {
    next = (next + 1) % callers.length;
    const caller = callers[next];
    if (caller === undefined) throw new Error('no callers');
    return caller;
  };
  const request: autocannon.Request =
    endpoint === 'create'
      ? {
          method: 'POST',
          path: '/api/v1/workflows',
          setupRequest: (req) => ({ ...req, headers: { 'content-type': 'application/json', authorization: `Bearer ${nextCaller().token}` }, body: createBody() }),
        }
      : {
          method: 'GET',
          setupRequest: (req) => {
            const caller = nextCaller();
            const id = caller.workflowIds[next % caller.workflowIds.length] ?? randomUUID();
            return { ...req, path: `/api/v1/workflows/${id}`, headers: { authorization: `Bearer ${caller.token}` } };
          },
        };
  const result = await autocannon({ url, connections, duration: seconds, requests: [request] });
  return figures(result);
}
