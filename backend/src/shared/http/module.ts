import { readdir } from 'node:fs/promises';
import type { FastifyInstance, FastifyPluginAsync, onRequestAsyncHookHandler, preValidationAsyncHookHandler } from 'fastify';
import { createErrorHandler } from './error-handler.js';
import type { ApiDescription, OperationDocs } from './openapi.js';
import { SHARED_PROBLEM_KINDS, type ProblemCode, type ProblemKind } from './problem.js';
import type { ProblemCatalogue } from './problem-table.js';
import type { HeaderName } from './response-headers.js';

/**
 * Something a route puts in front of its handler (authentication, a limit, a body or precondition
 * check), with the answers it can give: the route's documented statuses are the union of these.
 */
export interface Guard {
  readonly onRequest?: onRequestAsyncHookHandler;
  readonly preValidation?: preValidationAsyncHookHandler;
  readonly problems: readonly ProblemCode[];
  /** Answers after this guard carry the rate-limit headers. */
  readonly rateLimited?: boolean;
  /** The request body's media types, when the guard reads a body. */
  readonly mediaTypes?: readonly string[];
  /** The body may be left out. */
  readonly bodyOptional?: boolean;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The route's body may be left out: an empty body is then no body, whatever its Content-Type. */
    readonly bodyOptional?: boolean;
  }
}

/** The hooks of `guards`, in order, and what they tell the body parser, for a route's options. */
export function hooksOf(guards: readonly Guard[]): {
  onRequest: onRequestAsyncHookHandler[];
  preValidation: preValidationAsyncHookHandler[];
  config: { bodyOptional: boolean };
} {
  return {
    onRequest: guards.flatMap((guard) => (guard.onRequest === undefined ? [] : [guard.onRequest])),
    preValidation: guards.flatMap((guard) => (guard.preValidation === undefined ? [] : [guard.preValidation])),
    config: { bodyOptional: guards.some((guard) => guard.bodyOptional === true) },
  };
}

/** A path parameter naming a resource: a malformed one names nothing, so it is a 404. */
export const PATH_RESOURCE: Guard = { problems: ['NOT_FOUND'] };
/** Validated query parameters or headers: a bad one is a 400 listing it. */
export const REQUEST_INPUT: Guard = { problems: ['BAD_REQUEST'] };

export interface RouteDefinition<E extends string = string> {
  readonly operationId: string;
  readonly guards: readonly Guard[];
  /** Codes of the errors its use case raises: keys of the module's problem table. */
  readonly errors: readonly E[];
  readonly successHeaders?: readonly HeaderName[];
  /** Answers without a body besides the schema's, by status: 204, 304. */
  readonly emptyResponses?: Readonly<Record<string, string>>;
  /** Registers the route; route files call `app.withTypeProvider<ZodTypeProvider>()` for typed schemas. */
  register(app: FastifyInstance): void;
}

/** One route built from its module's context (its use case on the module's repositories): the default export of a route file. */
export type RouteFactory<C, E extends string = string> = (context: C) => RouteDefinition<E>;

// A route file's name; compiled declarations (`.d.ts`) and source maps are not routes.
const ROUTE_FILE = /^[a-z0-9-]+\.(?:ts|js)$/;

/**
 * Every route of a module: the default export of each file in its routes folder (`directory`, a
 * URL ending in `/`), built from `context`, in file-name order. A new endpoint is then a new file
 * there, and nothing else lists it.
 */
export async function loadRoutes(directory: URL, context: unknown): Promise<RouteDefinition[]> {
  const files = (await readdir(directory)).filter((file) => ROUTE_FILE.test(file)).sort();
  return Promise.all(
    files.map(async (file) => {
      const exported = (await import(new URL(file, directory).href)) as { readonly default?: unknown };
      if (typeof exported.default !== 'function') throw new Error(`${file} in ${directory.pathname} has no route as its default export`);
      return (exported.default as RouteFactory<unknown>)(context);
    }),
  );
}

/** Work a module does off the request path, every `everyMs`, on every instance. */
export interface MaintenanceTask {
  /** What it does, for the log line of a failed round ("purging expired idempotency keys"). */
  readonly name: string;
  readonly everyMs: number;
  run(): Promise<unknown>;
}

/** The OpenAPI tag a module's operations are grouped under. */
export interface ModuleTag {
  readonly name: string;
  readonly description: string;
}

/** A module as the app sees it: one plugin (routes and error mapping), its documented operations and errors, and its maintenance. */
export interface ApiModule {
  readonly tag: ModuleTag;
  readonly plugin: FastifyPluginAsync;
  readonly operations: Readonly<Record<string, OperationDocs>>;
  readonly problems: ProblemCatalogue;
  /** Component schemas its members are documented by (OpenAPI). */
  readonly schemas?: Readonly<Record<string, unknown>>;
  readonly maintenance?: readonly MaintenanceTask[];
}

function documented(route: RouteDefinition, problems: ProblemCatalogue): OperationDocs {
  const codes = new Set<string>(route.guards.flatMap((guard) => guard.problems));
  for (const error of route.errors) {
    const rules: Readonly<Record<string, { readonly problem: string }>> = problems.rules;
    const rule = Object.hasOwn(rules, error) ? rules[error] : undefined;
    if (rule === undefined) throw new Error(`${route.operationId} raises ${error}, which its module's problem table does not map`);
    codes.add(rule.problem);
  }
  codes.add('SERVICE_UNAVAILABLE');
  return {
    problems: [...codes],
    rateLimited: route.guards.some((guard) => guard.rateLimited === true),
    successHeaders: route.successHeaders ?? [],
    emptyResponses: route.emptyResponses ?? {},
    bodyMediaTypes: route.guards.flatMap((guard) => guard.mediaTypes ?? []),
    bodyOptional: route.guards.some((guard) => guard.bodyOptional === true),
  };
}

/** One module: its routes registered in a context whose error handler reads the module's problems. */
export function defineModule(tag: ModuleTag, problems: ProblemCatalogue, routes: readonly RouteDefinition[], schemas: Readonly<Record<string, unknown>> = {}): ApiModule {
  return {
    tag,
    problems,
    schemas,
    plugin: async (app) => {
      app.setErrorHandler(createErrorHandler(problems));
      for (const route of routes) route.register(app);
      return Promise.resolve();
    },
    operations: Object.fromEntries(routes.map((route) => [route.operationId, documented(route, problems)])),
  };
}

function problemKinds(modules: readonly ApiModule[]): Record<string, ProblemKind> {
  const kinds: Record<string, ProblemKind> = { ...SHARED_PROBLEM_KINDS };
  for (const [code, kind] of modules.flatMap((module) => Object.entries<ProblemKind>(module.problems.kinds))) {
    const known = Object.hasOwn(kinds, code) ? kinds[code] : undefined;
    if (known !== undefined && known.status !== kind.status) throw new Error(`two modules give problem code ${code} two statuses (${String(known.status)}, ${String(kind.status)})`);
    kinds[code] = kind;
  }
  return kinds;
}

/** The API its modules make, for its document; no two modules may give one problem code two statuses. */
export function describeApi(info: ApiDescription['info'], modules: readonly ApiModule[]): ApiDescription {
  return {
    info,
    tags: modules.map((module) => module.tag),
    operations: Object.fromEntries(modules.flatMap((module) => Object.entries(module.operations))),
    kinds: problemKinds(modules),
    members: Object.assign({}, ...modules.map((module) => module.problems.members ?? {})) as ApiDescription['members'],
    schemas: Object.assign({}, ...modules.map((module) => module.schemas ?? {})) as ApiDescription['schemas'],
  };
}
