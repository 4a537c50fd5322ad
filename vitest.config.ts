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
    // Generous: several engineers' suites share two cores, and seeding the demo organisation or
    // starting the AWS CLI can take several times longer than alone. Timeouts are not assertions.
    testTimeout: 90_000,
    hookTimeout: 120_000,
  },
});
