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

export type Endpoint = 'create' | 'get' | 'list' | 'patch';

type Requests = Readonly<Record<Endpoint, (nextCaller: () => Caller, sequence: () => number) => autocannon.Request>>;

const pick = (caller: Caller, index: number) => caller.workflowIds[index % caller.workflowIds.length] ?? randomUUID();

/** One request per endpoint, each from the next caller in turn, with a unique body where one is sent. */
const REQUESTS: Requests = {
  create: (nextCaller) => ({
    method: 'POST',
    path: '/api/v1/workflows',
    setupRequest: (req) => ({ ...req, headers: { 'content-type': 'application/json', authorization: `Bearer ${nextCaller().token}` }, body: createBody() }),
  }),
  get: (nextCaller, sequence) => ({
    method: 'GET',
    setupRequest: (req) => {
      const caller = nextCaller();
      return { ...req, path: `/api/v1/workflows/${pick(caller, sequence())}`, headers: { authorization: `Bearer ${caller.token}` } };
    },
  }),
  list: (nextCaller) => ({
    method: 'GET',
    path: '/api/v1/workflows?limit=20',
    setupRequest: (req) => ({ ...req, headers: { authorization: `Bearer ${nextCaller().token}` } }),
  }),
  // A real change each time (a new description), applied to whatever version is current.
  patch: (nextCaller, sequence) => ({
    method: 'PATCH',
    setupRequest: (req) => {
      const caller = nextCaller();
      return {
        ...req,
        path: `/api/v1/workflows/${pick(caller, sequence())}`,
        headers: { 'content-type': 'application/merge-patch+json', 'if-match': '*', authorization: `Bearer ${caller.token}` },
        body: JSON.stringify({ description: `Edited ${randomUUID()}` }),
      };
    },
  }),
};

/** Drives one endpoint at `connections` for `seconds`, spreading requests over the callers. */
export async function drive(url: string, endpoint: Endpoint, callers: readonly Caller[], connections: number, seconds: number): Promise<LoadFigures> {
  let next = 0;
  const nextCaller = () => {
    next = (next + 1) % callers.length;
    const caller = callers[next];
    if (caller === undefined) throw new Error('no callers');
    return caller;
  };
  let count = 0;
  const request = REQUESTS[endpoint](nextCaller, () => (count += 1));
  const result = await autocannon({ url, connections, duration: seconds, requests: [request] });
  return figures(result);
}
