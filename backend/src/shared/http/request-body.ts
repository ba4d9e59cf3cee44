import type { FastifyInstance, FastifyRequest } from 'fastify';
import { BadRequestError, UnsupportedMediaTypeError } from './http-errors.js';
import { jsonShapeViolation, type JsonShapeViolation } from './json-shape.js';
import type { Guard } from './module.js';

// Throws on the first invalid byte instead of turning it into U+FFFD, which would be stored.
const utf8 = new TextDecoder('utf-8', { fatal: true });
const CHARSET = /;\s*charset\s*=\s*"?([^";\s]*)"?/i;
const UTF8_LABELS = new Set(['utf-8', 'utf8']);

function carriesBody(request: FastifyRequest): boolean {
  const length = request.headers['content-length'];
  return (length !== undefined && length !== '0') || request.headers['transfer-encoding'] !== undefined;
}

/**
 * A body is read only if it is plain UTF-8: a content coding or another charset would be decoded
 * wrongly or not at all, so both are refused before a byte of the body is read.
 */
export function checkBodyEncoding(request: FastifyRequest): void {
  if (!carriesBody(request)) return;
  const coding = request.headers['content-encoding']?.trim().toLowerCase();
  if (coding !== undefined && coding !== '' && coding !== 'identity') {
    throw new UnsupportedMediaTypeError('Content-Encoding is not supported; send the request body uncompressed.');
  }
  const charset = CHARSET.exec(request.headers['content-type'] ?? '')?.[1];
  if (charset !== undefined && !UTF8_LABELS.has(charset.toLowerCase())) {
    throw new UnsupportedMediaTypeError('Send the request body as UTF-8 (charset=utf-8).');
  }
}

/** How deep objects and arrays may nest below a JSON body's top level: deeper bodies are refused before anything walks them. */
export const MAX_JSON_DEPTH = 32;

function shapeError(violation: JsonShapeViolation): BadRequestError {
  return violation.rule === 'too-deep'
    ? new BadRequestError(`The request body nests objects and arrays more than ${MAX_JSON_DEPTH} levels deep.`, violation.path, 'TOO_DEEP')
    : new BadRequestError('The request body repeats a member name within one object; send each member once.', violation.path, 'REPEATED_MEMBER');
}

/**
 * JSON bodies (of the given media types) must be valid UTF-8; they are parsed with Fastify's safe
 * parser, then refused if they nest deeper than MAX_JSON_DEPTH or repeat a member name.
 */
export function registerJsonBodies(app: FastifyInstance, mediaTypes: readonly string[]): void {
  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.removeAllContentTypeParsers();
  app.addContentTypeParser([...mediaTypes], { parseAs: 'buffer' }, (request, body, done) => {
    let text: string;
    try {
      text = utf8.decode(body as Buffer);
    } catch {
      done(new BadRequestError('The request body is not valid UTF-8.'), undefined);
      return;
    }
    // A route whose body is optional takes an empty one as none, as clients that send no body
    // still label it JSON (an empty text is no JSON value).
    if (text === '' && request.routeOptions.config.bodyOptional === true) {
      done(null, undefined);
      return;
    }
    void parseJson(request, text, (error: Error | null, value?: unknown) => {
      const violation = error === null ? jsonShapeViolation(text, MAX_JSON_DEPTH) : undefined;
      if (violation === undefined) done(error, value);
      else done(shapeError(violation), undefined);
    });
  });
  app.addHook('preParsing', async (request, _reply, payload) => {
    checkBodyEncoding(request);
    return Promise.resolve(payload);
  });
}

/**
 * A route that reads a JSON body: the media type must be one it names (a body without a
 * Content-Type would otherwise reach validation as "missing"), and what it can answer about it.
 */
export function jsonBody(mediaTypes: readonly string[] = ['application/json'], options: { readonly optional?: boolean } = {}): Guard {
  return {
    preValidation: async (request) => {
      if (options.optional === true && !carriesBody(request)) return Promise.resolve();
      const mediaType = request.headers['content-type']?.split(';')[0]?.trim().toLowerCase();
      if (mediaType === undefined || !mediaTypes.includes(mediaType)) throw new UnsupportedMediaTypeError(`Send the request body as ${mediaTypes.join(' or ')}.`);
      return Promise.resolve();
    },
    problems: ['BAD_REQUEST', 'PAYLOAD_TOO_LARGE', 'UNSUPPORTED_MEDIA_TYPE', 'VALIDATION_ERROR'],
    mediaTypes,
    bodyOptional: options.optional === true,
  };
}
