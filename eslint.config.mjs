import nx from '@nx/eslint-plugin';
import tseslint from 'typescript-eslint';
import prettier from 'eslint-config-prettier';

// I/O the pure core (domain, geo, rules, codecs) must never touch: databases, brokers, servers, Node I/O.
const ioModules = [
  'pg',
  'pg-*',
  '@electric-sql/*',
  '@unni-craftsman/*',
  'kafkajs',
  'express',
  'socket.io',
  'socket.io-*',
  'nodemailer',
  'fs',
  'fs/*',
  'node:*',
  'net',
  'http',
  'https',
  'http2',
  'dgram',
  'child_process',
  'cluster',
  'worker_threads',
  'os',
  'process',
];

export default [
  {
    ignores: ['**/node_modules/**', '**/dist/**', 'data/build/**', 'test-output/**', '.nx/**', 'coverage/**'],
  },
  ...nx.configs['flat/base'],
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    rules: {
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: false,
          allow: [],
          depConstraints: [
            // The core is pure: no I/O library, and only other core packages.
            {
              sourceTag: 'type:core',
              onlyDependOnLibsWithTags: ['type:core'],
              bannedExternalImports: ioModules,
            },
            { sourceTag: 'type:io', onlyDependOnLibsWithTags: ['type:core', 'type:io', 'type:test'] },
            {
              sourceTag: 'type:app',
              onlyDependOnLibsWithTags: ['type:core', 'type:io', 'type:app', 'type:test'],
            },
            { sourceTag: 'type:test', onlyDependOnLibsWithTags: ['type:core', 'type:test'] },
          ],
        },
      ],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'off',
    },
  },
  {
    // Packages never read the environment: apps read configuration once and pass it down.
    files: ['packages/*/src/**/*.ts'],
    ignores: ['packages/*/src/**/*.test.ts', 'packages/testkit/**'],
    rules: {
      'no-restricted-properties': [
        'error',
        {
          object: 'process',
          property: 'env',
          message: 'Packages take configuration as arguments; apps read the environment.',
        },
      ],
    },
  },
  {
    // The test kit (finding real services) is for tests only, never for the product's code.
    files: ['packages/*/src/**/*.ts', 'apps/*/src/**/*.ts'],
    ignores: ['**/*.test.ts', '**/*.bench.ts', '**/test-support/**', 'packages/testkit/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        { paths: [{ name: '@vesselwatch/testkit', message: 'The test kit is for tests only.' }] },
      ],
    },
  },
  {
    // Belt and braces for Node built-ins, which the Nx graph does not see as external imports.
    files: ['packages/{domain,geo,rules,codecs}/src/**/*.ts'],
    // Tests, benchmarks and their test-support helpers read fixture files.
    ignores: ['**/*.test.ts', '**/*.bench.ts', '**/test-support/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ioModules, message: 'Core packages are pure: no I/O (see docs/architecture.md).' },
          ],
        },
      ],
    },
  },
  prettier,
];
