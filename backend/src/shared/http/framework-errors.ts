import { randomUUID } from 'node:crypto';
import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { applyBaseHeaders, SECURITY_HEADERS } from './base-headers.js';
import { sendProblem } from './error-handler.js';
import { PROBLEM_CONTENT_TYPE, problemDocument, SHARED_PROBLEM_KINDS, type ProblemCode, type ProblemInit } from './problem.js';

/*
 * Answers Fastify and Node give before a route runs. Each is a problem document with a request id
 * and the security headers, and none of them echoes the request: a path or header can carry
 * anything, including markup or a secret.
 */

const ROUTER_PROBLEMS: Readonly<Record<string, ProblemInit<ProblemCode>>> = {
  FST_ERR_BAD_URL: { code: 'BAD_REQUEST', detail: 'The request path is not validly percent-encoded.' },
  FST_ERR_MAX_PARAM_LENGTH: { code: 'URI_TOO_LONG', detail: 'A segment of the request path is longer than this API accepts.' },
};

/** Fastify's `frameworkErrors`: a path the router cannot even decode. */
export function frameworkErrors(error: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  const problem = ROUTER_PROBLEMS[error.code];
  if (problem === undefined) request.log.error({ err: error }, 'router error');
  void sendProblem(applyBaseHeaders(reply), problem ?? { code: 'INTERNAL_ERROR', detail: 'The request could not be routed.' });
}

const CLIENT_PROBLEMS: Readonly<Record<string, ProblemInit<ProblemCode>>> = {
  ERR_HTTP_REQUEST_TIMEOUT: { code: 'REQUEST_TIMEOUT', detail: 'The request did not arrive in time; see the service’s documented limits for headers and bodies.' },
  HPE_HEADER_OVERFLOW: { code: 'HEADERS_TOO_LARGE', detail: 'The request headers are larger than this server accepts.' },
};
const MALFORMED: ProblemInit<ProblemCode> = { code: 'BAD_REQUEST', detail: 'The request is not valid HTTP/1.1 (a malformed request line or header).' };

/** A request line longer than this (of Node's 16 KiB for the whole head) is a URI too long, not headers too large. */
export const MAX_REQUEST_LINE_BYTES = 8 * 1024;
const REQUEST_LINE = /^[A-Z]+ ([^ \r\n]+)/;
// Only a name that could be one of the API's parameters is named back: anything else would echo the request.
const PARAMETER_NAME = /^[a-z][a-z_]{0,31}$/;

/** The query parameter that makes `target` long, when its name is one the API could have. */
function longestParameter(target: string): string | undefined {
  const query = target.slice(target.indexOf('?') + 1);
  if (query.length === target.length) return undefined;
  const [longest] = query.split('&').sort((a, b) => b.length - a.length);
  const name = longest?.split('=')[0];
  return name !== undefined && PARAMETER_NAME.test(name) ? name : undefined;
}

/**
 * What Node's header overflow means for the request whose first bytes are `packet`: a request
 * line over MAX_REQUEST_LINE_BYTES is 414, naming the query parameter at fault; otherwise 431.
 */
export function headerOverflowProblem(packet: Buffer | undefined): ProblemInit<ProblemCode> {
  const text = packet?.toString('latin1', 0, 2 * MAX_REQUEST_LINE_BYTES) ?? '';
  const lineEnd = text.indexOf('\r\n');
  const requestLine = lineEnd === -1 ? text : text.slice(0, lineEnd);
  const target = REQUEST_LINE.exec(requestLine)?.[1];
  if (target === undefined || requestLine.length <= MAX_REQUEST_LINE_BYTES) return CLIENT_PROBLEMS.HPE_HEADER_OVERFLOW ?? MALFORMED;
  const parameter = longestParameter(target);
  const detail = `The request URI is longer than this server accepts (${String(MAX_REQUEST_LINE_BYTES)} bytes for the request line).`;
  return {
    code: 'URI_TOO_LONG',
    detail,
    ...(parameter === undefined ? {} : { errors: [{ path: parameter, code: 'TOO_LONG', message: `${parameter} makes the request URI too long` }] }),
  };
}

function clientProblem(error: Error & { code?: string; rawPacket?: unknown }): ProblemInit<ProblemCode> {
  if (error.code === 'HPE_HEADER_OVERFLOW') return headerOverflowProblem(Buffer.isBuffer(error.rawPacket) ? error.rawPacket : undefined);
  return CLIENT_PROBLEMS[error.code ?? ''] ?? MALFORMED;
}

/** The raw answer to a request Node's parser refused, written straight to the socket, which then closes. */
export function clientErrorResponse(problem: ProblemInit<ProblemCode>, requestId: string = randomUUID()): string {
  const status = SHARED_PROBLEM_KINDS[problem.code].status;
  const body = JSON.stringify(problemDocument(problem, requestId));
  const headers = {
    'content-type': PROBLEM_CONTENT_TYPE,
    'content-length': String(Buffer.byteLength(body)),
    'x-request-id': requestId,
    ...SECURITY_HEADERS,
    connection: 'close',
  };
  const lines = Object.entries(headers).map(([name, value]) => `${name}: ${value}`);
  return `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? ''}\r\n${lines.join('\r\n')}\r\n\r\n${body}`;
}

/** Fastify's `clientErrorHandler`: Node's parser refused the request, or the client was too slow. */
export function clientErrorHandler(error: Error & { code?: string; rawPacket?: unknown }, socket: Socket): void {
  // A reset connection has no one left to answer.
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  if (socket.writable) socket.write(clientErrorResponse(clientProblem(error)));
  socket.destroy();
}
