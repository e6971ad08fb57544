import { createMiddleware } from 'hono/factory'
import type { AppEnv } from '../env'
import { ProblemError } from '../problem'

/** The routes that are limited, each with its own bucket per token. */
export type RateLimitedRoute = 'enrolment' | 'import' | 'analysis'

/** A token bucket: `burst` requests at once, refilled at `perMinute` requests a minute. */
interface RateLimit {
  burst: number
  perMinute: number
}

export type RateLimits = Record<RateLimitedRoute, RateLimit>

/**
 * Defaults: enrolment is interactive (a household at the desk) and batch-friendly; imports and analyses are heavy
 * and rare, so a runaway script cannot starve other councils' requests.
 */
export const DEFAULT_RATE_LIMITS: RateLimits = {
  enrolment: { burst: 120, perMinute: 3_000 },
  import: { burst: 10, perMinute: 20 },
  analysis: { burst: 20, perMinute: 60 },
}

interface Bucket {
  tokens: number
  updatedMs: number
}

/**
 * In-memory token buckets keyed by API token and route. On Node one process holds them all; on Workers each
 * isolate keeps its own, so the effective limit there is per isolate (a client spread over several isolates
 * gets up to that many times the limit). Buckets idle long enough to be full again are dropped.
 */
export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>()

  constructor(readonly limits: RateLimits) {}

  /** Takes one request from the bucket; returns 0 if allowed, else the seconds until one is available. */
  take(key: string, route: RateLimitedRoute, nowMs: number): number {
    const { burst, perMinute } = this.limits[route]
    const perMs = perMinute / 60_000
    const id = `${route}|${key}`
    const bucket = this.buckets.get(id) ?? { tokens: burst, updatedMs: nowMs }
    const tokens = Math.min(burst, bucket.tokens + Math.max(0, nowMs - bucket.updatedMs) * perMs)
    if (tokens >= 1) {
      this.buckets.set(id, { tokens: tokens - 1, updatedMs: nowMs })
      if (this.buckets.size > 10_000) this.sweep(nowMs)
      return 0
    }
    this.buckets.set(id, { tokens, updatedMs: nowMs })
    return Math.max(1, Math.ceil((1 - tokens) / perMs / 1000))
  }

  private sweep(nowMs: number): void {
    for (const [id, bucket] of this.buckets) {
      const { burst, perMinute } = this.limits[id.split('|')[0] as RateLimitedRoute]
      if (bucket.tokens + ((nowMs - bucket.updatedMs) * perMinute) / 60_000 >= burst)
        this.buckets.delete(id)
    }
  }
}

/**
 * Limits a route per API token (after `authenticate`): over the limit, a 429 problem document with
 * `Retry-After` in seconds. Without a limiter in the app's dependencies, nothing is limited.
 */
export const rateLimit = (route: RateLimitedRoute) =>
  createMiddleware<AppEnv>(async (c, next) => {
    const limiter = c.get('deps').rateLimiter
    if (limiter) {
      const wait = limiter.take(c.get('principal').tokenId, route, c.get('deps').clock().getTime())
      if (wait > 0) {
        const { burst, perMinute } = limiter.limits[route]
        throw new ProblemError(
          429,
          'rate-limited',
          `too many ${route} requests for this token: at most ${perMinute} a minute (bursts of ${burst}); retry in ${wait} s`,
          { route, limit_per_minute: perMinute, burst, retry_after_seconds: wait },
          { 'retry-after': String(wait) }
        )
      }
    }
    await next()
  })
