/**
 * The error `action` throws or rejects with; fails the test when it does not. Given a `type`, an
 * error of another type is rethrown as it is, so the test fails on the real cause.
 */
export async function caught(action: () => unknown): Promise<unknown>;
export async function caught<T>(action: () => unknown, type: abstract new (...args: never[]) => T): Promise<T>;
export async function caught<T>(action: () => unknown, type?: abstract new (...args: never[]) => T): Promise<unknown> {
  try {
    await action();
  } catch (error) {
    if (type !== undefined && !(error instanceof type)) throw error;
    return error;
  }
  throw new Error('expected the action to fail');
}
