export { closestToLimit, policyHeader, stateHeader, type PolicyState, type RateLimitPolicy } from './policies.js';
export { createRateLimiter, type RateLimitDecision, type RateLimiter, type RateLimitSubject } from './rate-limiter.js';
export { memoryStore, redisStore, resilientStore, type Consumption, type Count, type FallbackEvents, type RateLimitStore } from './stores.js';
export { rateLimitGuard } from './guard.js';
