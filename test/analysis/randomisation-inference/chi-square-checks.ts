import { chiSquareUpperTail } from '../../../analysis/distributions'

/**
 * Every assignment of a blocked design (each block keeps its treated count), with the block-size weighted
 * difference in means: the exact randomisation distribution, by brute force, as atoms and probabilities.
 */
export function exactDistribution(
  outcome: Float64Array,
  treated: Uint8Array,
  blocks: Int32Array
): { atoms: number[]; probabilities: number[] } {
  const n = outcome.length
  const blockCount = Math.max(...blocks) + 1
  const perBlock = Array.from({ length: blockCount }, (_, b) => {
    const units = [...outcome.keys()].filter((i) => blocks[i] === b)
    const n1 = units.filter((i) => treated[i] === 1).length
    const total = units.reduce((s, i) => s + outcome[i], 0)
    const terms: number[] = []
    const choose = (start: number, left: number, sum: number) => {
      if (left === 0) {
        terms.push((units.length / n) * (sum / n1 - (total - sum) / (units.length - n1)))
        return
      }
      for (let j = start; j <= units.length - left; j++)
        choose(j + 1, left - 1, sum + outcome[units[j]])
    }
    choose(0, n1, 0)
    return terms
  })
  let stats = [0]
  for (const terms of perBlock) stats = stats.flatMap((s) => terms.map((t) => s + t))
  const sorted = stats.sort((a, b) => a - b)
  const atoms: number[] = []
  const probabilities: number[] = []
  for (const s of sorted) {
    if (atoms.length > 0 && s - atoms[atoms.length - 1] < 1e-9)
      probabilities[probabilities.length - 1] += 1 / sorted.length
    else {
      atoms.push(s)
      probabilities.push(1 / sorted.length)
    }
  }
  return { atoms, probabilities }
}

/** Index of the atom within 1e-9 of x (throws if none: a draw outside the support is a bug). */
export function atomIndex(atoms: readonly number[], x: number): number {
  let lo = 0
  let hi = atoms.length - 1
  while (lo < hi) {
    const mid = (lo + hi) >> 1
    if (atoms[mid] < x - 1e-9) lo = mid + 1
    else hi = mid
  }
  if (Math.abs(atoms[lo] - x) > 1e-9)
    throw new Error(`draw ${x} is not an atom of the exact distribution`)
  return lo
}

/**
 * Pearson's goodness-of-fit test of observed counts against probabilities, adjacent cells merged until each
 * expects at least 10 (Cochran 1954, Biometrics 10:417). Returns the upper-tail p-value on cells - 1 df.
 */
export function goodnessOfFit(
  observed: readonly number[],
  probabilities: readonly number[]
): { pValue: number; cells: number } {
  const total = observed.reduce((a, b) => a + b, 0)
  const cells: { o: number; e: number }[] = []
  let o = 0
  let e = 0
  for (let i = 0; i < observed.length; i++) {
    o += observed[i]
    e += probabilities[i] * total
    if (e >= 10) {
      cells.push({ o, e })
      o = 0
      e = 0
    }
  }
  if (e > 0 || o > 0) {
    if (cells.length === 0) cells.push({ o, e })
    else {
      cells[cells.length - 1].o += o
      cells[cells.length - 1].e += e
    }
  }
  const statistic = cells.reduce((s, c) => s + (c.o - c.e) ** 2 / c.e, 0)
  return { pValue: chiSquareUpperTail(statistic, cells.length - 1), cells: cells.length }
}

/**
 * Pearson's test of homogeneity of two samples of integer-valued draws (a 2 x k table), adjacent values merged
 * until each cell holds at least 20 draws of the two samples together.
 */
export function homogeneity(
  a: readonly number[],
  b: readonly number[]
): { pValue: number; cells: number } {
  const count = (xs: readonly number[]) =>
    xs.reduce((m, x) => m.set(x, (m.get(x) ?? 0) + 1), new Map<number, number>())
  const ca = count(a)
  const cb = count(b)
  const keys = [...new Set([...ca.keys(), ...cb.keys()])].sort((x, y) => x - y)
  const cells: [number, number][] = []
  let pa = 0
  let pb = 0
  for (const k of keys) {
    pa += ca.get(k) ?? 0
    pb += cb.get(k) ?? 0
    if (pa + pb >= 20) {
      cells.push([pa, pb])
      pa = 0
      pb = 0
    }
  }
  if (pa + pb > 0) {
    cells[cells.length - 1][0] += pa
    cells[cells.length - 1][1] += pb
  }
  const shareA = a.length / (a.length + b.length)
  let statistic = 0
  for (const [x, y] of cells) {
    const ea = (x + y) * shareA
    const eb = x + y - ea
    statistic += (x - ea) ** 2 / ea + (y - eb) ** 2 / eb
  }
  return { pValue: chiSquareUpperTail(statistic, cells.length - 1), cells: cells.length }
}
