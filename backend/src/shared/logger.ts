import { pino, type DestinationStream, type Logger } from 'pino';

// Query parameters whose value is a credential by name, and values that are credentials by shape (a JWT).
const SECRET_NAME = /^(access_?token|id_?token|refresh_?token|token|jwt|api_?key|key|secret|client_?secret|password|passwd|pwd|auth|authorization|code|signature|sig|session)$/i;
const SECRET_VALUE = /^(bearer(\s|%20|\+))?eyJ[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*\./i;
export const REDACTED = '[REDACTED]';

function decoded(text: string): string {
  try {
    return decodeURIComponent(text.replaceAll('+', ' '));
  } catch {
    return text;
  }
}

function redactParameter(parameter: string): string {
  const at = parameter.indexOf('=');
  const name = at === -1 ? parameter : parameter.slice(0, at);
  const value = at === -1 ? '' : parameter.slice(at + 1);
  return SECRET_NAME.test(decoded(name)) || SECRET_VALUE.test(decoded(value)) ? `${name}=${REDACTED}` : parameter;
}

/** The URL as logged: secret-looking query parameters keep their name and lose their value. */
export function redactUrl(url: string): string {
  const at = url.indexOf('?');
  if (at === -1) return url;
  return `${url.slice(0, at)}?${url.slice(at + 1).split('&').map(redactParameter).join('&')}`;
}

interface LoggedRequest {
  readonly method: string;
  readonly url: string;
  readonly ip?: string;
}

/**
 * The service's logger: JSON lines, the Authorization header never written, secrets in URLs
 * redacted (a token sent as `?access_token=` would otherwise sit in every log store). By default
 * lines go to stdout through a buffer written off the request path (`flush()` it before exiting), at
 * least once a second, in writes of at most 4 KiB, which a pipe shared by several workers keeps whole.
 */
export function createLogger(level: string, destination: DestinationStream = pino.destination({ dest: 1, sync: false, minLength: 2048, maxWrite: 4096, periodicFlush: 1_000 })): Logger {
  return pino(
    {
      level,
      redact: ['req.headers.authorization', 'req.headers.cookie'],
      serializers: {
        req: (request: LoggedRequest) => ({ method: request.method, url: redactUrl(request.url), remoteAddress: request.ip }),
      },
    },
    destination,
  );
}
