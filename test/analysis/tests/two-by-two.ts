import type { TwoByTwoTable } from '../../../analysis/tests'

/** R's matrix(c(a, b, c, d), 2): rows control, treatment; columns outcome 0, 1. */
export const fromR = ([a, b, c, d]: number[]): TwoByTwoTable => ({
  controlNoEvent: a!,
  treatedNoEvent: b!,
  controlEvent: c!,
  treatedEvent: d!,
})
