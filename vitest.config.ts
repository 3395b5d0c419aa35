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
    // Browser and process tests start Chromium, servers and processes, and CI runs them on 2
    // cores next to Docker builds: give them room (a hang still fails, only later). Unit tests
    // finish in ms. No `retry`: a flaky test is fixed, not re-run until it passes.
    testTimeout: all ? 60_000 : 30_000,
    hookTimeout: 60_000,
    // expect.poll waits for a condition and returns as soon as it holds: its 1 s default is a
    // speed bet a loaded machine loses (a poll answer, a script loaded, a swap), not a check.
    expect: { poll: { timeout: 10_000 } },
  },
});
