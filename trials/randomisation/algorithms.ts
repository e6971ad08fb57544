import { UnknownAlgorithmError } from './errors'
import type { RandomisationConfig } from './schema'
import type { MethodState } from './state-schema'
import type { MethodAllocator } from './types'
import { createMethodV1 } from './v1'

type MethodFactory = (
  config: RandomisationConfig,
  tag: string,
  seed: string,
  total: number | undefined,
  state?: MethodState
) => MethodAllocator

/**
 * Every algorithm version this engine can run, by tag. A changed draw sequence is a new entry; old entries stay
 * so that allocations made under them still re-derive.
 */
const factories: Readonly<Record<string, MethodFactory>> = {
  'trialworks-randomisation/1': createMethodV1,
}

/**
 * The tag written into new allocations.
 *
 * @example
 * CURRENT_ALGORITHM // 'trialworks-randomisation/1'
 */
export const CURRENT_ALGORITHM = 'trialworks-randomisation/1'

/**
 * The tags this engine can re-derive.
 *
 * @example
 * knownAlgorithms() // ['trialworks-randomisation/1']
 */
function knownAlgorithms(): string[] {
  return Object.keys(factories)
}

/**
 * The method factory of one algorithm version.
 *
 * @example
 * const factory = methodFactory('trialworks-randomisation/1')
 */
export function methodFactory(algorithm: string): MethodFactory {
  const factory = Object.hasOwn(factories, algorithm) ? factories[algorithm] : undefined
  if (factory === undefined) {
    throw new UnknownAlgorithmError(
      `unknown randomisation algorithm ${JSON.stringify(algorithm)}; known: ${knownAlgorithms().join(', ')}`,
      { algorithm }
    )
  }
  return factory
}
