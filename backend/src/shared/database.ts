/** Runs a multi-statement script and parameterised queries on one raw connection. */
export interface ScriptSession {
  exec(script: string): Promise<void>;
  query<R>(text: string, params?: unknown[]): Promise<R[]>;
}

export interface Database {
  readonly dialect: 'pglite' | 'postgres';
  /**
   * One parameterised read, straight through the driver (no named prepared statement), outside any
   * transaction: bounded by the client-side query timeout.
   */
  query<R>(text: string, values?: readonly unknown[]): Promise<R[]>;
  /**
   * One parameterised write in a transaction of its own, under the server-side statement and lock
   * timeouts: a write that outlives them is cancelled and rolled back, never committed behind a 503.
   * A write of several rows is one call of a database function (a module's sql/ folder).
   */
  write<R>(text: string, values?: readonly unknown[]): Promise<R[]>;
  /** Runs `work` inside one transaction on a raw connection (migrations need multi-statement scripts). */
  inScriptTransaction<T>(work: (session: ScriptSession) => Promise<T>): Promise<T>;
  ping(): Promise<void>;
  close(): Promise<void>;
}
