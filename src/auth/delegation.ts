import type { Principal } from './principal'

/**
 * Requests the pages make to the API in-process, on behalf of a signed-in user. The principal is
 * attached to the Request object itself, which never leaves the process, so no header or cookie
 * can claim it from outside; the API then runs exactly as for that user's bearer token.
 */
const delegated = new WeakMap<Request, Principal>()

/** Marks an in-process request as made by `principal`. */
export function delegate(request: Request, principal: Principal): Request {
  delegated.set(request, principal)
  return request
}

/** The principal an in-process request was made for, if any. */
export function delegatedPrincipal(request: Request): Principal | undefined {
  return delegated.get(request)
}
