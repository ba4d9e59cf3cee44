import type { TokenVerifier } from '../../auth/index.js';
import type { RateLimiter } from '../../rate-limit/index.js';
import type { CreateWorkflow } from '../application/use-cases/create-workflow.js';
import type { GetWorkflow } from '../application/use-cases/get-workflow.js';

/** What the workflows routes need; the composition root provides it. */
export interface WorkflowsModuleDependencies {
  readonly verifier: TokenVerifier;
  readonly createWorkflow: CreateWorkflow;
  readonly getWorkflow: GetWorkflow;
  /** Limits creates per user and per account; undefined when every limit is off. */
  readonly createRateLimiter: RateLimiter | undefined;
}
