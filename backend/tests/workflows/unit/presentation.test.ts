import type { FastifyRequest } from 'fastify';
import { describe, expect, it } from 'vitest';
import { actorOf } from '../../../src/auth/index.js';
import { wirePath } from '../../../src/workflows/presentation/problems.js';

describe('workflows presentation', () => {
  it('names domain fields in snake_case on the wire', () => {
    expect(wirePath('triggerConfig.cron')).toBe('trigger_config.cron');
  });

  it('keeps a nested key as the client sent it', () => {
    expect(wirePath('triggerConfig.fooBar')).toBe('trigger_config.fooBar');
  });

  it('names the body when an error has no field', () => {
    expect(wirePath(undefined)).toBe('body');
  });

  it('fails loudly when a route reads the actor without a permission guard', () => {
    const request = { url: '/api/v1/unguarded', routeOptions: {}, actor: null } as unknown as FastifyRequest;

    expect(() => actorOf(request)).toThrow(/has no permission guard/);
  });
});
