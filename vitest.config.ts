import { defineConfig } from 'vitest/config';

// `npm test` is the fast in-process loop. Suites that start processes (*.proc.test.ts) or
// Chromium (*.browser.test.ts) run only under `npm run test:all` (HOLLER_TEST_ALL=1), which CI runs.
const all = process.env.HOLLER_TEST_ALL === '1';

export default defineConfig({
  test: {
    include: ['test/**/*.test.{ts,tsx}'],
    exclude: all ? [] : ['test/**/*.proc.test.ts', 'test/**/*.browser.test.ts'],
    // The in-process suites build their own app, database and clock in every test, so they can
    // share a worker's modules: evaluating them once per worker instead of once per file takes
    // `npm test` from about 44 s to 12 s on 2 cores. The full run keeps files isolated.
    isolate: all,
    // Browser tests start Chromium and servers: give them room; unit tests finish in ms.
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
