import type { AppConfig } from './env'
import pkg from '../package.json' with { type: 'json' }

/** Reads configuration from environment variables; anything missing falls back to a documented default. */
export function loadConfig(
  env: Record<string, string | undefined>,
  fallbackPseudonymKey: string | undefined,
  engine: string
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
  }
}

function intFrom(value: string | undefined, fallback: number): number {
  if (value === undefined || value === '') return fallback
  const n = Number(value)
  if (!Number.isInteger(n) || n <= 0) throw new Error(`expected a positive integer, got ${value}`)
  return n
}
