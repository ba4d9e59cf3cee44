import type { FastifyReply } from 'fastify';
import { AppError } from '../errors.js';
import { BadRequestError } from './http-errors.js';

/** An edit sent without If-Match (428): the client must say which version it edits. */
export class PreconditionRequiredError extends AppError {
  readonly code = 'PRECONDITION_REQUIRED';

  constructor() {
    super('Send If-Match with the ETag of the version you are changing (or * for any version); read it with GET.');
  }
}

/** Which versions an If-Match or If-None-Match header names: any (`*`) or a list. */
export type VersionCondition = 'any' | readonly number[];

/** The strong validator of a version: its number in quotes. */
export function etagOf(version: number): string {
  return `"${version}"`;
}

export function setEtag(reply: FastifyReply, version: number): FastifyReply {
  return reply.header('etag', etagOf(version));
}

const ENTITY_TAG = /^\s*(W\/)?"([\x21\x23-\x7e\x80-\xff]*)"\s*(?:,|$)/;
const VERSION = /^[1-9][0-9]{0,9}$/;

interface EntityTag {
  readonly weak: boolean;
  readonly opaque: string;
}

function entityTags(header: string): EntityTag[] {
  const tags: EntityTag[] = [];
  let rest = header.trim();
  while (rest !== '') {
    const match = ENTITY_TAG.exec(rest);
    if (match === null) throw new BadRequestError('If-Match and If-None-Match take * or a list of entity tags such as "3".');
    tags.push({ weak: match[1] !== undefined, opaque: match[2] ?? '' });
    rest = rest.slice(match[0].length).trim();
  }
  return tags;
}

/**
 * The versions a header names. If-Match compares strongly (RFC 9110 §13.1.1), so a weak tag
 * matches nothing there; If-None-Match compares weakly. A tag that is no version of ours simply
 * matches nothing.
 */
export function parseCondition(header: string | undefined, comparison: 'strong' | 'weak'): VersionCondition | undefined {
  if (header === undefined) return undefined;
  if (header.trim() === '*') return 'any';
  return entityTags(header)
    .filter((tag) => comparison === 'weak' || !tag.weak)
    .filter((tag) => VERSION.test(tag.opaque))
    .map((tag) => Number(tag.opaque));
}

export function conditionMatches(condition: VersionCondition, version: number): boolean {
  return condition === 'any' || condition.includes(version);
}
