import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';

/**
 * The console's pages load their own scripts and styles and call the API of the same origin;
 * nothing else (the API's answers keep `default-src 'none'`).
 */
export const CONSOLE_CONTENT_SECURITY_POLICY =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; manifest-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/** A built single-page console: its folder, and its pages (each answers the one HTML document). */
export interface ConsoleBuild {
  readonly directory: string;
  readonly pages: readonly string[];
}

/** Serves the built web console at `/`, on the API's origin. */
export async function registerConsole(app: FastifyInstance, { directory, pages }: ConsoleBuild): Promise<void> {
  const page = await readFile(join(directory, 'index.html'), 'utf8');
  await app.register(fastifyStatic, { root: join(directory, 'assets'), prefix: '/assets/', decorateReply: false, index: false });
  for (const path of pages) {
    app.get(path, { schema: { hide: true } }, async (_request, reply) =>
      reply.header('content-security-policy', CONSOLE_CONTENT_SECURITY_POLICY).type('text/html; charset=utf-8').send(page),
    );
  }
  const icon = await readFile(join(directory, 'favicon.svg'), 'utf8').catch(() => undefined);
  if (icon !== undefined) {
    app.get('/favicon.svg', { schema: { hide: true } }, async (_request, reply) => reply.type('image/svg+xml').send(icon));
    // Browsers and crawlers ask for /favicon.ico whatever the page links; the icon is the SVG.
    app.get('/favicon.ico', { schema: { hide: true } }, async (_request, reply) => reply.redirect('/favicon.svg', 301));
  }
  app.addHook('onSend', async (request, reply, payload) => {
    if (request.url.startsWith('/assets/')) reply.header('content-security-policy', CONSOLE_CONTENT_SECURITY_POLICY);
    return Promise.resolve(payload);
  });
}
