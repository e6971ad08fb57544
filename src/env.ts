import type { Database } from './db/client'
import type { Principal } from './auth/principal'
import type { RateLimiter, RateLimits } from './middleware/rate-limit'

export interface AppConfig {
  /** Largest JSON body accepted, in bytes. */
  bodyLimitBytes: number
  /** Largest bulk-import body (CSV or JSON), in bytes. */
  importBodyLimitBytes: number
  /** Key of the keyed hash that pseudonymises household references (HMAC-SHA-256). */
  pseudonymKey: string
  /** Package version. */
  version: string
  /**
   * Engine identity (`<version>+sha256.<source hash>`): stamped on every registration record and analysis
   * run, and changed by any change to the numerical or randomisation code.
   */
  engine: string
  /** Per-token limits of the enrolment, import and analysis routes; absent: not limited. */
  rateLimits?: RateLimits
}

export interface Logger {
  info(record: Record<string, unknown>): void
  error(record: Record<string, unknown>): void
}

/**
 * A database per request: shared on Node (nothing to release), created and released per request on Workers.
 */
interface DatabaseSource {
  acquire(env: unknown): { db: Database; release?(): Promise<void> }
}

export interface AppDeps {
  database: DatabaseSource
  clock: () => Date
  config: AppConfig
  logger: Logger
  /**
   * Where registration seeds come from: 256 bits of the platform CSPRNG unless replaced (tests replay fixed
   * seeds through it to compare with reference results). Never reachable from a request.
   */
  drawSeed?: () => string
  /** Serves the API reference's browser bundle locally (no CDN); absent on Workers. */
  scalarScript?: () => Promise<string>
  /** The platform serves that bundle itself at /scalar.js (Workers static assets). */
  scalarAsset?: boolean
  /** The request budgets of `config.rateLimits`; `createApp` makes one when it is not given. */
  rateLimiter?: RateLimiter
  /** The pages' compiled stylesheet and GOV.UK Frontend images; absent on Workers. */
  pageAssets?: PageAssets
}

export interface PageAssets {
  stylesheet(): Promise<string>
  image(name: string): Promise<{ body: Uint8Array; type: string } | null>
}

export type AppEnv = {
  Variables: {
    db: Database
    principal: Principal
    requestId: string
    deps: AppDeps
    /** Calls this app's API in-process (the pages use it on behalf of the signed-in user). */
    api: (request: Request) => Promise<Response>
    /** The CSRF token of the signed-in user's session (pages only). */
    csrfToken: string
  }
}

export const jsonLogger: Logger = {
  info: (record) =>
    console.log(JSON.stringify({ level: 'info', time: new Date().toISOString(), ...record })),
  error: (record) =>
    console.error(JSON.stringify({ level: 'error', time: new Date().toISOString(), ...record })),
}

export const silentLogger: Logger = { info: () => {}, error: () => {} }
