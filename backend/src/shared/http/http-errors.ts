import { AppError } from '../errors.js';

/** A request the service cannot read as sent: a malformed parameter, header or body (400). */
export class BadRequestError extends AppError {
  readonly code = 'BAD_REQUEST';

  /**
   * `parameter` names the query parameter, header or body member at fault, listed in the problem's
   * `errors` with `fieldCode`.
   */
  constructor(
    message: string,
    readonly parameter?: string,
    readonly fieldCode = 'INVALID_VALUE',
  ) {
    super(message);
  }
}

/** A body in a media type or encoding the route does not read (415). */
export class UnsupportedMediaTypeError extends AppError {
  readonly code = 'UNSUPPORTED_MEDIA_TYPE';
}
