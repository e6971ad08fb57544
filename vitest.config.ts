import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Test files of one worker share its module cache: hono, zod, drizzle, PGlite and the app are loaded
    // and compiled once per worker rather than once per file. Nothing in the suite mocks modules or changes
    // globals, and each file gets its own database and app.
    isolate: false,
    globalSetup: ['test/support/global-setup.ts'],
  },
})
