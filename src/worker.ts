import { drizzle } from 'drizzle-orm/postgres-js'
import type { ExecutionContext } from 'hono'
import postgres from 'postgres'
import { createApp, type App } from './app'
import { loadConfig } from './config'
import * as schema from './db/schema'
import { jsonLogger } from './env'
import { WORKERS_CPU_BUDGET, inlineCompute, useComputeBackend, withBudget } from './compute'

// Workers have no threads: heavy work runs in place, and a request estimated over the CPU budget
// is refused up front (422 with the limit) rather than killed by the platform mid-way.
useComputeBackend(withBudget(inlineCompute(), WORKERS_CPU_BUDGET))
import pkg from '../package.json' with { type: 'json' }

/**
 * The engine identity, compiled in by `npm run worker:build` (`wrangler --define`), which computes it from the
 * sources exactly as the Node server does at start. A bundle built without it reports `<version>+unbuilt`.
 */
declare const ENGINE_IDENTITY: string | undefined

/** Bindings declared in wrangler.toml (PSEUDONYM_KEY is a secret: `wrangler secret put PSEUDONYM_KEY`). */
interface WorkerEnv {
  HYPERDRIVE: { connectionString: string }
  PSEUDONYM_KEY: string
  [name: string]: unknown
}

let app: App | undefined

export default {
  fetch(request: Request, env: WorkerEnv, ctx: ExecutionContext) {
    app ??= createApp({
      // workerd forbids sharing I/O objects between requests, so each request opens (and later ends) its own client.
      database: {
        acquire: (bindings) => {
          const client = postgres((bindings as WorkerEnv).HYPERDRIVE.connectionString, {
            max: 5,
            fetch_types: false,
          })
          return {
            db: drizzle({ client, schema }),
            release: () => client.end(),
          }
        },
      },
      clock: () => new Date(),
      config: loadConfig(
        env as unknown as Record<string, string | undefined>,
        undefined,
        typeof ENGINE_IDENTITY === 'string' ? ENGINE_IDENTITY : `${pkg.version}+unbuilt`
      ),
      logger: jsonLogger,
      // wrangler.toml publishes the API reference's bundle as a static asset at /scalar.js.
      scalarAsset: true,
    })
    return app.fetch(request, env, ctx)
  },
}
