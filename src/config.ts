import type { AppConfig } from './env'
import {
  DEFAULT_RATE_LIMITS,
  type RateLimitedRoute,
  type RateLimits,
} from './middleware/rate-limit'
import pkg from '../package.json' with { type: 'json' }

/** Reads configuration from environment variables; anything missing falls back to a documented default. */
export function loadConfig(
  env: Record<string, string | undefined>,
  fallbackPseudonymKey?: string,
  /** The engine identity (src/engine-identity.ts on Node, compiled in on Workers). */
  engine = `${pkg.version}+unbuilt`
): AppConfig {
  const pseudonymKey = env.PSEUDONYM_KEY ?? fallbackPseudonymKey
  if (!pseudonymKey || pseudonymKey.length < 32) {
    throw new Error(
      'PSEUDONYM_KEY must be set to at least 32 characters (it keys the HMAC that pseudonymises household references)'
    )
  }
  return {
    bodyLimitBytes: intFrom(env.BODY_LIMIT_BYTES, 1_048_576),
    importBodyLimitBytes: intFrom(env.IMPORT_BODY_LIMIT_BYTES, 64 * 1_048_576),
    pseudonymKey,
    version: pkg.version,
    engine,
    ...(env.RATE_LIMITS === 'off' ? {} : { rateLimits: rateLimitsFrom(env.RATE_LIMITS) }),
  }
}

/**
 * `RATE_LIMITS`: `off`, or overrides such as `enrolment=120/3000,import=10/20` (burst / requests per minute,
 * per API token); routes not named keep their defaults.
 */
function rateLimitsFrom(value: string | undefined): RateLimits {
  const limits = structuredClone(DEFAULT_RATE_LIMITS)
  for (const part of (value ?? '').split(',').filter((p) => p.trim() !== '')) {
    const match = /^\s*(enrolment|import|analysis)=(\d+)\/(\d+)\s*$/.exec(part)
    if (!match || Number(match[2]) <= 0 || Number(match[3]) <= 0)
      throw new Error(
        `RATE_LIMITS: expected off or route=burst/perMinute (routes enrolment, import, analysis), got ${part}`
      )
    limits[match[1] as RateLimitedRoute] = { burst: Number(match[2]), perMinute: Number(match[3]) }
  }
  return limits
}

function intFrom(value: string | undefined, fallback: number): number {
  if (value === undefined || value === '') return fallback
  const n = Number(value)
  if (!Number.isInteger(n) || n <= 0) throw new Error(`expected a positive integer, got ${value}`)
  return n
}
