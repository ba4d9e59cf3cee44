import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const frameworks = ['fastify', 'fastify-*', '@fastify/*', 'drizzle-orm', 'drizzle-orm/*', 'pg', '@electric-sql/*', 'zod', 'jose', 'ioredis'];
const layer = (name) => [`**/${name}/*`, `**/${name}/**`];

/** Modules reach each other only through their public index.ts. */
const deepModuleImports = ['auth', 'audit', 'workflows', 'rate-limit'].map((module) => ({
  group: [`../${module}/*`, `../../${module}/*`, `../../../${module}/*`, `!../${module}/index.js`, `!../../${module}/index.js`, `!../../../${module}/index.js`],
  message: `Import the ${module} module through its index.ts.`,
}));

const restrict = (...patterns) => ({
  'no-restricted-imports': ['error', { patterns: [...patterns, ...deepModuleImports] }],
});

export default tseslint.config(
  { ignores: ['**/node_modules/**', '**/dist/**', '**/coverage/**', '**/.data/**'] },
  js.configs.recommended,
  ...tseslint.configs.strictTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: { allowDefaultProject: ['eslint.config.js'] }, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      complexity: ['error', 10],
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true }],
      ...restrict(),
    },
  },
  {
    files: ['backend/src/**/domain/**/*.ts'],
    rules: restrict({ group: [...frameworks, ...layer('application'), ...layer('infrastructure'), ...layer('presentation'), 'node:*'], message: 'The domain is pure TypeScript: it imports nothing outside itself.' }),
  },
  {
    files: ['backend/src/**/application/**/*.ts'],
    rules: restrict({ group: [...frameworks, ...layer('infrastructure'), ...layer('presentation')], message: 'The application layer depends on the domain and its own ports only.' }),
  },
  {
    files: ['backend/src/**/infrastructure/**/*.ts'],
    rules: restrict({ group: [...layer('presentation'), 'fastify', '@fastify/*'], message: 'Infrastructure never imports presentation.' }),
  },
  {
    files: ['backend/src/**/presentation/**/*.ts'],
    rules: restrict({ group: [...layer('infrastructure'), 'drizzle-orm', 'drizzle-orm/*', 'pg', '@electric-sql/*'], message: 'Presentation never imports infrastructure.' }),
  },
  {
    files: ['**/*.js'],
    ...tseslint.configs.disableTypeChecked,
  },
);
