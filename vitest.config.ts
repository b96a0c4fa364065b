import { defineConfig } from 'vitest/config';

// One vitest run covers every package, app and the cross-package tests under test/.
// The global setup makes sure the real services (Kafka, PostgreSQL) are up before any test asks for them.
export default defineConfig({
  test: {
    include: ['packages/*/src/**/*.test.ts', 'apps/*/src/**/*.test.ts', 'test/**/*.test.ts'],
    globalSetup: ['./test/setup/services.global.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
  },
});
