export { closestToLimit, policyHeader, type RateLimitPolicy } from './policies.js';
export { createRateLimiter, type RateLimiter } from './rate-limiter.js';
export { memoryStore, redisStore, resilientStore, type RateLimitStore } from './stores.js';
export { rateLimitGuard } from './guard.js';
