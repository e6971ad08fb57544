import { availableParallelism } from 'node:os'
import { defineConfig } from 'vitest/config'

/**
 * Test files that measure time (a response under 50 ms while other work runs, a hostile cell refused in
 * under 100 ms) or start a second server (workerd). They run after the others, one file at a time, so that
 * no other test file competes with them for the CPU; every other file runs on all cores.
 */
const timed = [
  'test/src/robustness/compute-pool.test.ts',
  'test/src/robustness/hostile-cell.test.ts',
  'test/analysis/data/decimal-literal.test.ts',
  'test/src/worker.test.ts',
]

export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // At least two workers, also on a two-core machine, where the default would be one.
    maxWorkers: Math.max(2, availableParallelism() - 1),
    // Test files of one worker share its module cache: hono, zod, drizzle, PGlite and the app are loaded
    // and compiled once per worker rather than once per file. Nothing in the suite mocks modules or changes
    // globals, and each file gets its own database and app.
    isolate: false,
    globalSetup: ['test/support/global-setup.ts'],
    // Transformed modules are kept on disk (node_modules/.experimental-vitest-cache), keyed by each file's
    // content, the config and Vitest's version: a run after the first transforms only what changed.
    experimental: { fsModuleCache: true },
    projects: [
      {
        extends: true,
        test: {
          name: 'parallel',
          include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
          exclude: timed,
          sequence: { groupOrder: 0 },
        },
      },
      {
        extends: true,
        test: {
          name: 'timed',
          include: timed,
          fileParallelism: false,
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
})
