// Lint = TypeScript rules + Nx module boundaries. The boundary rules are the architecture:
//  - no app imports another app (type:app may depend only on libs);
//  - domain rule libs (type:domain) import no framework and no I/O client;
//  - workflow code (type:workflow) imports no Node built-ins and no I/O client (Temporal sandbox);
//  - a department's scope may use its own libs and shared ones, never another department's.
import nx from '@nx/eslint-plugin';
import tseslint from 'typescript-eslint';
import { builtinModules } from 'node:module';

const frameworkAndIo = [
  '@nestjs/*',
  '@prisma/*',
  'kafkajs',
  'pg',
  'express',
  '@temporalio/client',
  '@temporalio/worker',
  'jose',
  'pino',
  'prom-client',
];
const nodeBuiltins = [...builtinModules, ...builtinModules.map((m) => `node:${m}`)];

export default [
  {
    ignores: [
      '**/node_modules/**',
      '**/dist/**',
      '.stack/**',
      '.nx/**',
      '**/generated/**',
      'coverage/**',
      '**/*.js',
      '**/*.mjs',
      '**/*.cjs',
      '**/fixtures/**',
    ],
  },
  ...nx.configs['flat/base'],
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts', '**/*.tsx'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: false,
          allow: [],
          depConstraints: [
            {
              sourceTag: 'type:app',
              onlyDependOnLibsWithTags: [
                'type:platform',
                'type:domain',
                'type:contracts',
                'type:workflow',
                'type:util',
              ],
            },
            {
              sourceTag: 'type:tool',
              onlyDependOnLibsWithTags: [
                'type:platform',
                'type:domain',
                'type:contracts',
                'type:workflow',
                'type:util',
              ],
            },
            {
              sourceTag: 'type:e2e',
              onlyDependOnLibsWithTags: [
                'type:platform',
                'type:domain',
                'type:contracts',
                'type:workflow',
                'type:util',
              ],
            },
            {
              sourceTag: 'type:platform',
              onlyDependOnLibsWithTags: ['type:platform', 'type:contracts', 'type:util', 'type:domain'],
            },
            {
              sourceTag: 'type:workflow',
              onlyDependOnLibsWithTags: ['type:workflow', 'type:contracts', 'type:domain', 'type:util'],
              bannedExternalImports: frameworkAndIo,
            },
            {
              sourceTag: 'type:domain',
              onlyDependOnLibsWithTags: ['type:domain', 'type:util'],
              bannedExternalImports: [...frameworkAndIo, '@temporalio/*', 'zod'],
            },
            {
              sourceTag: 'type:contracts',
              onlyDependOnLibsWithTags: ['type:util', 'type:domain'],
              bannedExternalImports: frameworkAndIo,
            },
            {
              sourceTag: 'type:util',
              onlyDependOnLibsWithTags: ['type:util'],
              bannedExternalImports: ['@nestjs/*', '@prisma/*', 'kafkajs', '@temporalio/*'],
            },
            { sourceTag: 'scope:shared', onlyDependOnLibsWithTags: ['scope:shared'] },
            { sourceTag: 'scope:identification', onlyDependOnLibsWithTags: ['scope:identification', 'scope:shared'] },
            { sourceTag: 'scope:relocation', onlyDependOnLibsWithTags: ['scope:relocation', 'scope:shared'] },
            { sourceTag: 'scope:industry', onlyDependOnLibsWithTags: ['scope:industry', 'scope:shared'] },
            { sourceTag: 'scope:medical-aid', onlyDependOnLibsWithTags: ['scope:medical-aid', 'scope:shared'] },
            { sourceTag: 'scope:notice', onlyDependOnLibsWithTags: ['scope:notice', 'scope:shared'] },
            // the operator console runs in the browser: the typed API client and the shared message shapes only
            {
              sourceTag: 'scope:console',
              onlyDependOnLibsWithTags: ['type:util'],
              bannedExternalImports: [...frameworkAndIo, '@temporalio/*', 'zod'],
            },
            // the orchestrator runs every department's workflows
            {
              sourceTag: 'scope:orchestration',
              onlyDependOnLibsWithTags: [
                'scope:orchestration',
                'scope:shared',
                'scope:identification',
                'scope:relocation',
                'scope:industry',
                'scope:medical-aid',
                'scope:notice',
              ],
            },
            {
              sourceTag: 'type:app',
              onlyDependOnLibsWithTags: [
                'type:platform',
                'type:domain',
                'type:contracts',
                'type:workflow',
                'type:util',
              ],
            },
            { sourceTag: 'scope:platform', onlyDependOnLibsWithTags: ['*'] },
          ],
        },
      ],
    },
  },
  {
    // Temporal workflow code runs in a deterministic sandbox: no Node built-ins, no I/O.
    files: ['libs/workflows/src/**/*.ts', 'libs/*-workflows/src/**/*.ts', 'libs/domain/**/*.ts'],
    ignores: ['**/*.spec.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: nodeBuiltins.map((name) => ({
            name,
            message: 'Workflow and domain-rule code must not use Node built-ins (deterministic, I/O-free).',
          })),
        },
      ],
    },
  },
  {
    // the operator console runs in the browser: no Node built-ins
    files: ['apps/console/src/**/*.ts', 'apps/console/src/**/*.tsx'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: nodeBuiltins.map((name) => ({ name, message: 'The console runs in the browser: no Node built-ins.' })),
        },
      ],
    },
  },
  {
    files: ['**/*.spec.ts', 'tests/**/*.ts'],
    rules: { '@typescript-eslint/no-non-null-assertion': 'off' },
  },
];
