// The test harness outside vitest. Test files receive the migrated database that
// test/support/global-setup.ts prepares for the run through vitest's `inject`; a benchmark reusing the
// harness runs the same setup itself and provides its values the same way.
import setup from '../../test/support/global-setup'
import { createHarness, type Harness } from '../../test/support/harness'
import type { AppConfig } from '../../src/env'

/** A harness (fresh migrated database, app and cast) for a benchmark; `close()` also drops the template. */
export async function benchHarness(config: Partial<AppConfig> = {}): Promise<Harness> {
  const provided: Record<string, unknown> = {}
  const teardown = await setup({
    provide: (key: string, value: unknown) => void (provided[key] = value),
  } as unknown as Parameters<typeof setup>[0])
  // Where vitest keeps a worker's state; `inject(key)` reads `providedContext[key]` from it.
  const worker = globalThis as { __vitest_worker__?: { providedContext: Record<string, unknown> } }
  worker.__vitest_worker__ ??= { providedContext: provided }
  const h = await createHarness(config)
  return {
    ...h,
    close: async () => {
      await h.close()
      await teardown?.()
    },
  }
}
