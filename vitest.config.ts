import { defineConfig } from 'vitest/config';

// Resolve packages as Node 24 does (module-sync, no "development" build): graphql ships a separate
// development build, and two copies of graphql in one process break its instanceof checks.
const nodeConditions = ['module-sync', 'node', 'import', 'default'];

export default defineConfig({
  resolve: { conditions: nodeConditions },
  ssr: { resolve: { conditions: nodeConditions, externalConditions: nodeConditions } },
  test: {
    include: ['test/**/*.test.ts'],
    reporters: ['default', './test/support/summary-reporter.ts'],
    // Integration tests start emulators on ephemeral ports; two cores here, so keep forks modest.
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
