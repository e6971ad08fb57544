import { DomainError } from '../../analysis'

/** An error as it crosses a thread boundary (structured clone drops class identity). */
export interface SerialisedError {
  domain: boolean
  name: string
  code?: string
  message: string
  details?: Record<string, unknown>
  stack?: string
}

export function serialiseError(err: unknown): SerialisedError {
  if (err instanceof DomainError)
    return {
      domain: true,
      name: err.name,
      code: err.code,
      message: err.message,
      ...(err.details ? { details: structuredClone(err.details) } : {}),
    }
  const e = err instanceof Error ? err : new Error(String(err))
  return { domain: false, name: e.name, message: e.message, stack: e.stack }
}

/**
 * A core error thrown in a worker thread, rethrown on the request's thread with the same stable
 * `code`, message and details, so `src/problem.ts` maps it exactly as if the function had run
 * in place.
 */
class RemoteDomainError extends DomainError {
  override readonly code: string
  constructor(serialised: SerialisedError) {
    super(serialised.message, serialised.details)
    this.code = serialised.code ?? 'domain-error'
    this.name = serialised.name
  }
}

export function deserialiseError(serialised: SerialisedError): Error {
  if (serialised.domain) return new RemoteDomainError(serialised)
  const e = new Error(serialised.message)
  e.name = serialised.name
  if (serialised.stack) e.stack = serialised.stack
  return e
}
