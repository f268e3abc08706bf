import { defineConfig } from 'vitest/config';

/**
 * The fault suite (`npm run test:faults`): scenarios that run the real server processes through faults
 * (a database restart, a full disk, misbehaving receivers, kill -9, clock skew) and count every event.
 */
export default defineConfig({
  test: {
    include: ['packages/server/test/faults/**/*.test.ts'],
    globalSetup: ['packages/server/test/support/postgres-global.ts'],
    pool: 'forks',
    // Scenarios spend most of their time waiting on processes, timers and retries: two at a time fit 2 cores.
    maxWorkers: 2,
    testTimeout: 120_000,
    hookTimeout: 60_000,
  },
});
