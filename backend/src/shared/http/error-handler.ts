import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { databaseUnavailable } from '../database-errors.js';
import { kindOf, PROBLEM_CONTENT_TYPE, problemDocument, SHARED_PROBLEM_KINDS, type FieldError, type ProblemInit, type ProblemKinds } from './problem.js';
import { problemFromTable, SHARED_PROBLEMS, type ProblemCatalogue, type ProblemTable } from './problem-table.js';
import { fieldErrorsFromZod } from './zod-field-errors.js';

const FASTIFY_CODES: Readonly<Record<string, ProblemInit>> = {
  FST_ERR_CTP_BODY_TOO_LARGE: { code: 'PAYLOAD_TOO_LARGE', detail: 'The request body is larger than this endpoint accepts.' },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: { code: 'UNSUPPORTED_MEDIA_TYPE', detail: 'Send the request body as application/json.' },
  FST_ERR_CTP_INVALID_JSON_BODY: { code: 'BAD_REQUEST', detail: 'The request body is not valid JSON.' },
  FST_ERR_CTP_EMPTY_JSON_BODY: { code: 'BAD_REQUEST', detail: 'The request body is empty; send a JSON object.' },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: { code: 'BAD_REQUEST', detail: 'The Content-Length header does not match the body.' },
};

function validationProblem(error: FastifyError): ProblemInit | undefined {
  if (error.validation === undefined) return undefined;
  // A malformed id in the path names no resource: it is answered like any unknown id.
  if (error.validationContext === 'params') return { code: 'NOT_FOUND', detail: 'No resource exists at this address.' };
  const errors: FieldError[] = fieldErrorsFromZod(error.validation, error.validationContext);
  // Query parameters and headers are not a document the client composed: they are a bad request.
  if (error.validationContext === 'querystring' || error.validationContext === 'headers') {
    return { code: 'BAD_REQUEST', detail: `The request has invalid ${error.validationContext === 'headers' ? 'headers' : 'query parameters'}; see errors.`, errors };
  }
  return { code: 'VALIDATION_ERROR', detail: 'The request does not satisfy the API contract; see errors.', errors };
}

function fastifyProblem(error: FastifyError): ProblemInit | undefined {
  const known = FASTIFY_CODES[error.code];
  if (known !== undefined) return known;
  const status = error.statusCode ?? 500;
  if (status === 404) return { code: 'NOT_FOUND', detail: 'No resource exists at this address.' };
  if (status >= 400 && status < 500) return { code: 'BAD_REQUEST', detail: 'The request could not be understood.' };
  return undefined;
}

/** A driver failure that means the database cannot serve now. */
function unavailableProblem(error: unknown): ProblemInit | undefined {
  const unavailable = databaseUnavailable(error);
  return unavailable === undefined ? undefined : problemFromTable(SHARED_PROBLEMS, unavailable);
}

/** `init` as a problem document, its code looked up in `kinds` (the shared ones, and its module's). */
export function sendProblem(reply: FastifyReply, init: ProblemInit, kinds: ProblemKinds = SHARED_PROBLEM_KINDS): FastifyReply {
  return reply
    .status(kindOf(init.code, kinds).status)
    .headers(init.headers ?? {})
    .type(PROBLEM_CONTENT_TYPE)
    .send(problemDocument(init, reply.request.id, kinds));
}

/**
 * The client hung up while its body was being read, which is what failed here: no dependency did.
 * (A client that leaves while the service waits on a dependency does not error the request stream,
 * so a failing dependency is still reported as one.)
 */
function clientGone(request: FastifyRequest): boolean {
  return request.raw.errored instanceof Error;
}

/** The one error handler, reading a module's problems: every failure leaves as an RFC 9457 problem, without internals. */
export function createErrorHandler(catalogue?: ProblemCatalogue) {
  const problems: ProblemTable = { ...SHARED_PROBLEMS, ...catalogue?.rules };
  const kinds: ProblemKinds = { ...SHARED_PROBLEM_KINDS, ...catalogue?.kinds };
  return function handleError(error: FastifyError, request: FastifyRequest, reply: FastifyReply): FastifyReply {
    if (clientGone(request)) {
      request.log.info({ err: error }, 'client closed the connection before the answer');
      return sendProblem(reply, { code: 'BAD_REQUEST', detail: 'The client closed the connection.' });
    }
    const problem = problemFromTable(problems, error) ?? validationProblem(error) ?? unavailableProblem(error) ?? fastifyProblem(error);
    if (problem !== undefined) {
      if (problem.code === 'SERVICE_UNAVAILABLE') request.log.warn({ err: error }, 'dependency unavailable');
      return sendProblem(reply, problem, kinds);
    }
    request.log.error({ err: error }, 'unhandled error');
    return sendProblem(reply, { code: 'INTERNAL_ERROR', detail: `An unexpected error occurred; quote request id ${request.id} when reporting it.` });
  };
}

export function notFoundHandler(_request: FastifyRequest, reply: FastifyReply): FastifyReply {
  return sendProblem(reply, { code: 'NOT_FOUND', detail: 'No resource exists at this address.' });
}
