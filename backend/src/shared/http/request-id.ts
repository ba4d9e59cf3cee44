import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { compile } from '@fastify/proxy-addr';

// A caller's id is kept only when it cannot smuggle anything into logs or headers.
const SAFE_REQUEST_ID = /^[A-Za-z0-9._:-]{1,64}$/;

/** Whether the peer at `address` is a proxy the service trusts (TRUST_PROXY). */
export type TrustedPeer = (address: string) => boolean;

export const NO_TRUSTED_PEER: TrustedPeer = () => false;

/** The peers TRUST_PROXY trusts to say who the client is: none, any (the nearest `n` hops, n ≥ 1), or listed addresses and ranges. */
export function trustedPeer(setting: false | number | readonly string[] | undefined): TrustedPeer {
  if (setting === undefined || setting === false) return NO_TRUSTED_PEER;
  if (typeof setting === 'number') return () => setting > 0;
  const trusts = compile([...setting]);
  return (address) => trusts(address, 0);
}

/** The client's own X-Request-Id, when it is safe to log; undefined otherwise. */
export function clientRequestId(request: IncomingMessage): string | undefined {
  const incoming = request.headers['x-request-id'];
  return typeof incoming === 'string' && SAFE_REQUEST_ID.test(incoming) ? incoming : undefined;
}

/**
 * Request ids are the service's own, so no two requests share one in the logs and the audit log.
 * An incoming X-Request-Id is taken only from a trusted proxy, which assigns ids itself; from
 * anyone else it is logged as `client_request_id` beside the service's id.
 */
export function requestIdGenerator(trusted: TrustedPeer): (request: IncomingMessage) => string {
  return (request) => {
    const incoming = trusted(request.socket.remoteAddress ?? '') ? clientRequestId(request) : undefined;
    return incoming ?? randomUUID();
  };
}
