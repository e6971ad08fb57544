import { randomBytes } from 'node:crypto'
import type { Principal } from './principal'

/**
 * Requests the pages make to the API in-process, on behalf of a signed-in user. Each carries a
 * single-use 256-bit key in a header, which names its principal in this process's memory only:
 * nothing outside the process can know a live key, so no request from outside can claim one.
 * (A header, not the Request object itself, because middleware such as the body limit rebuilds
 * the Request.)
 */
const HEADER = 'x-trialworks-delegation'
const delegated = new Map<string, Principal>()

/** Marks an in-process request as made by `principal`; call `release` once it is answered. */
export function delegate(
  request: Request,
  principal: Principal
): { request: Request; release(): void } {
  const key = randomBytes(32).toString('base64url')
  delegated.set(key, principal)
  request.headers.set(HEADER, key)
  return { request, release: () => delegated.delete(key) }
}

/** The principal an in-process request was made for, if any. */
export function delegatedPrincipal(request: Request): Principal | undefined {
  const key = request.headers.get(HEADER)
  return key ? delegated.get(key) : undefined
}
