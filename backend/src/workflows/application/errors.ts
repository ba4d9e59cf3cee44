import { AppError } from '../../shared/errors.js';

/** A request with the same Idempotency-Key is still being processed. */
export class IdempotencyKeyInUseError extends AppError {
  readonly code = 'IDEMPOTENCY_KEY_IN_USE';

  constructor() {
    super('A request with this Idempotency-Key is still being processed; retry shortly to get its answer.');
  }
}

/** The Idempotency-Key was first used with another request body. */
export class IdempotencyKeyReusedError extends AppError {
  readonly code = 'IDEMPOTENCY_KEY_REUSED';

  constructor() {
    super('This Idempotency-Key was used with a different request body; use a new key for a new request.');
  }
}
