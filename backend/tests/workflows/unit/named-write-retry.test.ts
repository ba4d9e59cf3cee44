import { describe, expect, it } from 'vitest';
import { DependencyUnavailableError } from '../../../src/shared/errors.js';
import { WorkflowNameTakenError } from '../../../src/workflows/domain/exceptions.js';
import { workflowNameKey } from '../../../src/workflows/domain/value-objects.js';
import { PostgresWorkflowRepository } from '../../../src/workflows/infrastructure/postgres-workflow-repository.js';
import { aWorkflow, anAuditEntry, randomIds } from '../../support/builders.js';
import { caught } from '../../support/caught.js';

const HOLDER = '0190a6c2-7d3e-7a41-9b2c-00000000b01d';

type Answer = readonly unknown[] | Error;

/**
 * A database that answers each write with the next scripted answer, and each holder lookup with
 * the next scripted list of ids; it remembers how often it was written to and what was looked up.
 */
function aScriptedDatabase(writes: readonly Answer[], holders: readonly (readonly string[])[] = []) {
  const seen = { writes: 0, lookups: [] as unknown[][] };
  const pendingHolders = [...holders];
  const database = {
    write: <R>(): Promise<R[]> => {
      const answer = writes[seen.writes];
      seen.writes += 1;
      if (answer === undefined) return Promise.reject(new Error(`unexpected write #${seen.writes}`));
      return answer instanceof Error ? Promise.reject(answer) : Promise.resolve(answer as R[]);
    },
    query: <R>(_text: string, values: readonly unknown[] = []): Promise<R[]> => {
      seen.lookups.push([...values]);
      return Promise.resolve((pendingHolders.shift() ?? []).map((id) => ({ id })) as R[]);
    },
  };
  return { repository: new PostgresWorkflowRepository(database), seen };
}

const inserted = (outcome: string, existingId: string | null = null, replayId: string | null = null) => [{ outcome, existing_id: existingId, replay_id: replayId }];
const NAME_TAKEN = inserted('name_taken');
const CREATED = inserted('created');

function nameIndexViolation(): Error {
  return Object.assign(new Error('duplicate key value violates unique constraint "workflows_account_name_key_unique"'), {
    code: '23505',
    constraint: 'workflows_account_name_key_unique',
  });
}

describe('creating a workflow whose name is taken', () => {
  it('names the holder the insert reports, without looking it up', async () => {
    const workflow = aWorkflow();
    const { repository, seen } = aScriptedDatabase([inserted('name_taken', HOLDER)]);

    const error = await caught(() => repository.create(workflow, anAuditEntry(workflow)), WorkflowNameTakenError);

    expect(error.existingWorkflowId).toBe(HOLDER);
    expect(seen.lookups).toEqual([]);
  });

  it('looks the holder up by the name’s key in the account when the insert could not name it', async () => {
    const workflow = aWorkflow();
    const { repository, seen } = aScriptedDatabase([NAME_TAKEN], [[HOLDER]]);

    const error = await caught(() => repository.create(workflow, anAuditEntry(workflow)), WorkflowNameTakenError);

    expect(error.existingWorkflowId).toBe(HOLDER);
    expect(seen.lookups).toEqual([[workflow.accountId, workflowNameKey(workflow.name)]]);
  });

  it('tries again when the name was freed before its holder could be looked up, and creates', async () => {
    const workflow = aWorkflow();
    const { repository, seen } = aScriptedDatabase([NAME_TAKEN, CREATED], [[]]);

    const outcome = await repository.create(workflow, anAuditEntry(workflow));

    expect(outcome).toEqual({ kind: 'created' });
    expect(seen.writes).toBe(2);
  });

  it('gives up as unavailable after three tries when the holder is never found, never naming an empty holder', async () => {
    const workflow = aWorkflow();
    const { repository, seen } = aScriptedDatabase([NAME_TAKEN, NAME_TAKEN, NAME_TAKEN, CREATED]);

    const error = await caught(() => repository.create(workflow, anAuditEntry(workflow)));

    expect(error).toBeInstanceOf(DependencyUnavailableError);
    expect(error).not.toBeInstanceOf(WorkflowNameTakenError);
    expect(seen.writes).toBe(3);
  });

  it.each([
    ['replayed', { kind: 'replayed', workflowId: HOLDER }],
    ['key_reused', { kind: 'key_reused' }],
    ['key_in_use', { kind: 'key_in_use' }],
  ] as const)('reports the outcome %s of an insert with an Idempotency-Key', async (outcome, expected) => {
    const workflow = aWorkflow();
    const { repository } = aScriptedDatabase([inserted(outcome, null, outcome === 'replayed' ? HOLDER : null)]);

    const result = await repository.create(workflow, anAuditEntry(workflow));

    expect(result).toEqual(expected);
  });
});

describe('saving a workflow under a taken name', () => {
  const renamed = () => {
    const workflow = aWorkflow();
    return { workflow: { ...workflow, version: 2 }, audit: anAuditEntry(workflow, { action: 'workflow.updated' }) };
  };

  it('turns a violation of the name index into WorkflowNameTakenError naming the live holder', async () => {
    const { workflow, audit } = renamed();
    const { repository, seen } = aScriptedDatabase([nameIndexViolation()], [[HOLDER]]);

    const error = await caught(() => repository.save(workflow, 1, audit), WorkflowNameTakenError);

    expect(error.existingWorkflowId).toBe(HOLDER);
    expect(seen.lookups).toEqual([[workflow.accountId, workflowNameKey(workflow.name)]]);
  });

  it('finds the violation under the wrapper the driver’s error comes in', async () => {
    const { workflow, audit } = renamed();
    const wrapped = new Error('Failed query: select saved from workflow_save(...)', { cause: nameIndexViolation() });
    const { repository } = aScriptedDatabase([wrapped], [[HOLDER]]);

    const error = await caught(() => repository.save(workflow, 1, audit), WorkflowNameTakenError);

    expect(error.existingWorkflowId).toBe(HOLDER);
  });

  it('does not take the workflow itself for the holder of its name', async () => {
    const { workflow, audit } = renamed();
    const { repository } = aScriptedDatabase([nameIndexViolation(), [{ saved: true }]], [[workflow.id]]);

    const saved = await repository.save(workflow, 1, audit);

    expect(saved).toBe(true);
  });

  it('tries again when the name was freed before its holder could be looked up, and saves', async () => {
    const { workflow, audit } = renamed();
    const { repository, seen } = aScriptedDatabase([nameIndexViolation(), [{ saved: true }]], [[]]);

    const saved = await repository.save(workflow, 1, audit);

    expect(saved).toBe(true);
    expect(seen.writes).toBe(2);
  });

  it('gives up as unavailable after three tries when the holder is never found', async () => {
    const { workflow, audit } = renamed();
    const { repository, seen } = aScriptedDatabase([nameIndexViolation(), nameIndexViolation(), nameIndexViolation()]);

    const error = await caught(() => repository.save(workflow, 1, audit), DependencyUnavailableError);

    expect(error.dependency).toBe('database');
    expect(seen.writes).toBe(3);
  });

  it('lets a unique violation of another constraint through as it is', async () => {
    const { workflow, audit } = renamed();
    const violation = Object.assign(new Error('duplicate key value violates unique constraint "workflow_versions_pkey"'), { code: '23505', constraint: 'workflow_versions_pkey' });
    const { repository, seen } = aScriptedDatabase([violation]);

    const error = await caught(() => repository.save(workflow, 1, audit));

    expect(error).toBe(violation);
    expect(seen.lookups).toEqual([]);
  });

  it('reports a row no longer at the expected version as not saved', async () => {
    const { workflow, audit } = renamed();
    const { repository } = aScriptedDatabase([[{ saved: false }]]);

    const saved = await repository.save(workflow, 1, audit);

    expect(saved).toBe(false);
  });

  it('names a holder found on a later try, passing over the workflow itself', async () => {
    const { workflow, audit } = renamed();
    const other = randomIds.next();
    const { repository } = aScriptedDatabase([nameIndexViolation(), nameIndexViolation()], [[], [workflow.id, other]]);

    const error = await caught(() => repository.save(workflow, 1, audit), WorkflowNameTakenError);

    expect(error.existingWorkflowId).toBe(other);
  });
});
