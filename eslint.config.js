import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

const sourceRoot = path.join(import.meta.dirname, 'backend/src');
/** A module is a folder of backend/src with an index.ts; a new one is picked up without editing this file. */
const modules = readdirSync(sourceRoot, { withFileTypes: true })
  .filter((entry) => entry.isDirectory() && existsSync(path.join(sourceRoot, entry.name, 'index.ts')))
  .map((entry) => entry.name);

const frameworks = ['fastify', 'fastify-*', '@fastify/*', 'pg', '@electric-sql/*', 'zod', 'jose', 'ioredis'];
const layer = (name) => [`**/${name}/*`, `**/${name}/**`];

/** Modules reach each other only through their public index.ts. */
const deepModuleImports = modules.map((module) => ({
  group: [`../${module}/*`, `../../${module}/*`, `../../../${module}/*`, `!../${module}/index.js`, `!../../${module}/index.js`, `!../../../${module}/index.js`],
  message: `Import the ${module} module through its index.ts.`,
}));

/** The shared HTTP and database plumbing belongs to presentation and infrastructure. */
const sharedAdapters = {
  group: ['**/shared/http', '**/shared/http/*', '**/shared/http/**', '**/shared/*database*'],
  message: 'shared/http and the shared database code are for presentation and infrastructure: errors here carry a code, not a status, and persistence goes through a port.',
};

const restrict = (...patterns) => ({
  'no-restricted-imports': ['error', { patterns: [...patterns, ...deepModuleImports] }],
});

/**
 * The index.ts is a module's face to the others; reaching it from inside the module makes an
 * import cycle through the barrel. Relative paths are resolved, so the depth of the file does not matter.
 */
const ownIndexRule = {
  meta: {
    type: 'problem',
    schema: [],
    messages: { ownIndex: 'Inside the {{module}} module import the file itself, never the module\'s own index.ts.' },
  },
  create(context) {
    const [module, ...rest] = path.relative(sourceRoot, context.filename).split(path.sep);
    if (module === undefined || module.startsWith('..') || rest.length === 0) return {};
    const moduleFolder = path.join(sourceRoot, module);
    const check = ({ source }) => {
      if (source?.type !== 'Literal' || typeof source.value !== 'string' || !source.value.startsWith('.')) return;
      const target = path.resolve(path.dirname(context.filename), source.value).replace(/[\\/]index(\.[cm]?[jt]sx?)?$/, '');
      if (target === moduleFolder) context.report({ node: source, messageId: 'ownIndex', data: { module } });
    };
    return { ImportDeclaration: check, ExportNamedDeclaration: check, ExportAllDeclaration: check, ImportExpression: check };
  },
};

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
      '@typescript-eslint/switch-exhaustiveness-check': ['error', { considerDefaultExhaustiveForUnions: true }],
      ...restrict(),
    },
  },
  {
    files: ['backend/src/**/*.ts'],
    plugins: { modules: { rules: { 'no-own-index': ownIndexRule } } },
    rules: { 'modules/no-own-index': 'error' },
  },
  {
    files: ['backend/src/**/domain/**/*.ts'],
    rules: restrict(
      { group: [...frameworks, ...layer('application'), ...layer('infrastructure'), ...layer('presentation'), 'node:*'], message: 'The domain is pure TypeScript: it imports nothing outside itself.' },
      sharedAdapters,
    ),
  },
  {
    files: ['backend/src/**/application/**/*.ts'],
    rules: restrict(
      { group: [...frameworks, ...layer('infrastructure'), ...layer('presentation')], message: 'The application layer depends on the domain and its own ports only.' },
      sharedAdapters,
    ),
  },
  {
    files: ['backend/src/**/infrastructure/**/*.ts'],
    rules: restrict({ group: [...layer('presentation'), 'fastify', '@fastify/*'], message: 'Infrastructure never imports presentation.' }),
  },
  {
    files: ['backend/src/**/presentation/**/*.ts'],
    rules: restrict({ group: [...layer('infrastructure'), 'pg', '@electric-sql/*'], message: 'Presentation never imports infrastructure.' }),
  },
  {
    files: ['backend/src/**/*.ts', 'frontend/src/**/*.{ts,tsx}'],
    // Generated from the OpenAPI document.
    ignores: ['frontend/src/api/schema.d.ts'],
    rules: {
      // STYLE: files under ~200 lines, functions under ~40.
      'max-lines': ['error', { max: 200, skipBlankLines: true, skipComments: true }],
      'max-lines-per-function': ['error', { max: 40, skipBlankLines: true, skipComments: true }],
    },
  },
  {
    files: ['frontend/src/**/*.{ts,tsx}'],
    ...reactHooks.configs.flat.recommended,
  },
  {
    files: ['**/*.js'],
    ...tseslint.configs.disableTypeChecked,
  },
);
