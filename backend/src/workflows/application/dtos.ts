import type { RequestOrigin } from '../../audit/index.js';
import type { AccountId, UserId } from '../../shared/ids.js';

/** The authenticated caller: the account comes from the session, never from the request body. */
export interface Actor {
  readonly accountId: AccountId;
  readonly userId: UserId;
  /** The identity provider's user id, kept in audit entries. */
  readonly userRef: string;
}

export interface CreateWorkflowCommand {
  readonly actor: Actor;
  readonly origin: RequestOrigin;
  readonly name: string;
  readonly description?: string | undefined;
  readonly triggerType?: string | null | undefined;
  readonly triggerConfig?: Readonly<Record<string, unknown>> | undefined;
}

export interface GetWorkflowQuery {
  readonly actor: Actor;
  readonly id: string;
}
