import type { TokenVerifier } from '../../auth/index.js';
import type { RateLimiter } from '../../rate-limit/index.js';
import type { CursorCodec } from '../../shared/http/paging.js';
import type { ChangeWorkflowStatus } from '../application/use-cases/change-status.js';
import type { CreateWorkflow } from '../application/use-cases/create-workflow.js';
import type { DeleteWorkflow } from '../application/use-cases/delete-workflow.js';
import type { EditWorkflow } from '../application/use-cases/edit-workflow.js';
import type { GetWorkflow } from '../application/use-cases/get-workflow.js';
import type { ListWorkflows } from '../application/use-cases/list-workflows.js';
import type { RestoreWorkflow } from '../application/use-cases/restore-workflow.js';
import type { DuplicateWorkflow } from '../application/use-cases/duplicate-workflow.js';
import type { GetVersion } from '../application/use-cases/get-version.js';
import type { ListVersions } from '../application/use-cases/list-versions.js';
import type { RestoreVersion } from '../application/use-cases/restore-version.js';

/** What the workflows routes need; the composition root provides it. */
export interface WorkflowsModuleDependencies {
  readonly verifier: TokenVerifier;
  /** Signs and checks the lists' cursors. */
  readonly cursors: CursorCodec;
  /** Counts every write per user and per account; undefined when every limit is off. */
  readonly writeRateLimiter: RateLimiter | undefined;
  readonly createWorkflow: CreateWorkflow;
  readonly getWorkflow: GetWorkflow;
  readonly listWorkflows: ListWorkflows;
  readonly editWorkflow: EditWorkflow;
  readonly changeWorkflowStatus: ChangeWorkflowStatus;
  readonly deleteWorkflow: DeleteWorkflow;
  readonly restoreWorkflow: RestoreWorkflow;
  readonly listVersions: ListVersions;
  readonly getVersion: GetVersion;
  readonly restoreVersion: RestoreVersion;
  readonly duplicateWorkflow: DuplicateWorkflow;
}
