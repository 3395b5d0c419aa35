import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.{ts,tsx}'],
    // Browser tests start Chromium and servers: give them room; unit tests finish in ms.
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
