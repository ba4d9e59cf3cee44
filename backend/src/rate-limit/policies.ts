/** One limit: at most `limit` requests per `windowSeconds`, counted per key. */
export interface RateLimitPolicy {
  readonly name: 'user' | 'account';
  readonly limit: number;
  readonly windowSeconds: number;
}

/** Where a key stands after one request was counted. */
export interface PolicyState {
  readonly policy: RateLimitPolicy;
  readonly remaining: number;
  readonly resetSeconds: number;
  readonly exceeded: boolean;
}

/** `RateLimit-Policy` in the IETF draft syntax: `"user";q=30;w=60, "account";q=300;w=60`. */
export function policyHeader(policies: readonly RateLimitPolicy[]): string {
  return policies.map((policy) => `"${policy.name}";q=${policy.limit};w=${policy.windowSeconds}`).join(', ');
}

/** `RateLimit` for the state closest to its limit: `"user";r=12;t=41`. */
export function stateHeader(state: PolicyState): string {
  return `"${state.policy.name}";r=${state.remaining};t=${state.resetSeconds}`;
}

/** The state a client should heed: an exceeded one, else the one with the fewest requests left. */
export function closestToLimit(states: readonly PolicyState[]): PolicyState | undefined {
  return states.reduce<PolicyState | undefined>((closest, state) => {
    if (closest === undefined || (state.exceeded && !closest.exceeded)) return state;
    if (closest.exceeded && !state.exceeded) return closest;
    return state.remaining < closest.remaining ? state : closest;
  }, undefined);
}
