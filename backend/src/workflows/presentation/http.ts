import { createHash } from 'node:crypto';
import { isIP } from 'node:net';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { RequestOrigin } from '../../audit/index.js';
import { actorOf } from '../../auth/index.js';
import { canonicalJson } from '../domain/merge-patch.js';
import { BadRequestError } from '../../shared/http/http-errors.js';
import { parseCondition, PreconditionRequiredError, setEtag, type VersionCondition } from '../../shared/http/preconditions.js';
import type { Guard } from '../../shared/http/module.js';
import type { Caller, WorkflowVersion } from '../application/dtos.js';
import { workflowSnapshot, type WorkflowSnapshot } from '../application/snapshot.js';
import type { Workflow } from '../domain/entities.js';
import { allowedActions, type LifecycleAction } from '../domain/lifecycle.js';
import type { WorkflowErrorCode } from './problems.js';

export function originOf(request: FastifyRequest): RequestOrigin {
  // A forwarded-for value from a trusted proxy is the client's word: only an address is kept.
  return { requestId: request.id, ip: isIP(request.ip) === 0 ? null : request.ip, userAgent: request.headers['user-agent'] ?? null };
}

export function callerOf(request: FastifyRequest): Caller {
  return { actor: actorOf(request), origin: originOf(request) };
}

export const workflowLocation = (id: string) => `/api/v1/workflows/${id}`;

/** A workflow as the API shows it: its snapshot, and the lifecycle actions its status allows now (none from the trash). */
export function workflowRepresentation(workflow: Workflow): WorkflowSnapshot & { readonly allowed_actions: LifecycleAction[] } {
  return { ...workflowSnapshot(workflow), allowed_actions: workflow.deletedAt === null ? allowedActions(workflow) : [] };
}

/** One workflow with its ETag: every response that carries one workflow carries its version. */
export function sendWorkflow(reply: FastifyReply, workflow: Workflow): ReturnType<typeof workflowRepresentation> {
  setEtag(reply, workflow.version);
  return workflowRepresentation(workflow);
}

function ifMatchOf(request: FastifyRequest): string | undefined {
  const header = request.headers['if-match'];
  if (Array.isArray(header)) throw new BadRequestError('Send one If-Match header.');
  return header;
}

/** The versions a change accepts, from If-Match (undefined when the header is absent). */
export function conditionOf(request: FastifyRequest): VersionCondition | undefined {
  return parseCondition(ifMatchOf(request), 'strong');
}

/** Edits (PATCH, PUT) must name the version they change: 428 without If-Match, 412 when it is stale. */
export const IF_MATCH_REQUIRED: Guard = {
  preValidation: async (request) => {
    if (ifMatchOf(request) === undefined) throw new PreconditionRequiredError();
    conditionOf(request);
    return Promise.resolve();
  },
  problems: ['BAD_REQUEST', 'PRECONDITION_REQUIRED', 'PRECONDITION_FAILED'],
};

/** Other changes check If-Match when it is sent. */
export const IF_MATCH_OPTIONAL: Guard = {
  preValidation: async (request) => {
    conditionOf(request);
    return Promise.resolve();
  },
  problems: ['BAD_REQUEST', 'PRECONDITION_FAILED'],
};

export function toVersionResponse(version: WorkflowVersion) {
  return {
    version: version.version,
    action: version.action,
    name: version.name,
    description: version.description,
    status: version.status,
    trigger_type: version.trigger.type,
    trigger_config: version.trigger.config,
    changed_by: version.changedBy,
    changed_at: version.changedAt.toISOString(),
  };
}

/** Equal for the same JSON whatever its spacing or member order: what "the same request" means for a replay. */
export const requestFingerprint = (request: unknown) => createHash('sha256').update(canonicalJson(request)).digest('base64url');

/** What an edit (PATCH, PUT) can fail with. */
export const EDIT_ERRORS: readonly WorkflowErrorCode[] = ['WORKFLOW_NOT_FOUND', 'WORKFLOW_INVALID', 'WORKFLOW_NAME_TAKEN', 'WORKFLOW_ARCHIVED', 'VERSION_MISMATCH'];

/** The largest edit body (PATCH, PUT) read. */
export const EDIT_BODY_LIMIT = 64 * 1024;
