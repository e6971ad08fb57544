// An independent re-implementation of ALGORITHM.md (version 1), written from the document alone with its own
// Alea. Tests compare the engine against it, which checks both the engine and that the document is complete.
// Deliberately plain: batch only, strings for keys, no shared code with trials/randomisation.

type Unit = { id: string | number; [field: string]: unknown }
type Config = {
  method: string
  arms: { name: string; ratio: number }[]
  block_sizes?: number[]
  strata?: string[]
  cluster?: string
  minimisation?: {
    factors: string[]
    weights?: number[]
    imbalance?: 'range' | 'variance'
    p_follow: number
  }
  sample_size?: number
}
type Out = { arm: string; stratum?: string; block?: number }

export function referenceAlea(text: string): () => number {
  let n = 0xefc8249d
  const mash = (data: string) => {
    for (let i = 0; i < data.length; i++) {
      n += data.charCodeAt(i)
      let h = 0.02519603282416938 * n
      n = h >>> 0
      h -= n
      h *= n
      n = h >>> 0
      h -= n
      n += h * 2 ** 32
    }
    return (n >>> 0) * 2 ** -32
  }
  let c = 1
  let s0 = mash(' ')
  let s1 = mash(' ')
  let s2 = mash(' ')
  s0 -= mash(text)
  if (s0 < 0) s0 += 1
  s1 -= mash(text)
  if (s1 < 0) s1 += 1
  s2 -= mash(text)
  if (s2 < 0) s2 += 1
  return () => {
    const t = 2091639 * s0 + c * 2 ** -32
    s0 = s1
    s1 = s2
    c = t | 0
    s2 = t - c
    return s2
  }
}

const stream = (seed: string, name: string) =>
  referenceAlea(`trialworks-randomisation/1|${seed}|${name}`)

function pick(u: number, ratios: number[], candidates: number[]): number {
  const j = Math.floor(u * candidates.reduce((s, c) => s + ratios[c], 0))
  let acc = 0
  for (const c of candidates) {
    acc += ratios[c]
    if (j < acc) return c
  }
  throw new Error('unreachable')
}

function blocks(u: () => number, ratios: number[], sizes: number[]) {
  const R = ratios.reduce((a, b) => a + b, 0)
  let block: number[] = []
  let number = 0
  return () => {
    if (block.length === 0) {
      const size = sizes[Math.floor(u() * sizes.length)]
      block = []
      ratios.forEach((r, arm) => {
        for (let i = 0; i < (size / R) * r; i++) block.push(arm)
      })
      for (let i = size - 1; i >= 1; i--) {
        const j = Math.floor(u() * (i + 1))
        ;[block[i], block[j]] = [block[j], block[i]]
      }
      number++
    }
    return { arm: block.shift() as number, block: number }
  }
}

export function referenceAllocate(config: Config, seed: string, units: Unit[]): Out[] {
  const ratios = config.arms.map((a) => a.ratio)
  const names = config.arms.map((a) => a.name)
  const all = ratios.map((_, i) => i)
  const K = ratios.length
  const R = ratios.reduce((a, b) => a + b, 0)
  const key = (u: Unit) => JSON.stringify((config.strata ?? []).map((f) => u[f]))
  const stratified = config.strata !== undefined

  if (config.method === 'simple') {
    const u = stream(seed, 'simple')
    return units.map(() => ({ arm: names[pick(u(), ratios, all)] }))
  }
  if (config.method === 'complete') {
    const N = config.sample_size ?? units.length
    const u = stream(seed, 'complete')
    const rho = ratios.map((r) => (N * r) % R)
    const m = ratios.map((r, i) => (N * r - rho[i]) / R)
    const d = rho.reduce((a, b) => a + b, 0) / R
    const t = Math.floor(u() * R)
    let lower = 0
    for (let i = 0; i < K; i++) {
      for (let k = 0; k < d; k++) if (lower <= t + k * R && t + k * R < lower + rho[i]) m[i]++
      lower += rho[i]
    }
    return units.map(() => {
      const j = Math.floor(u() * m.reduce((a, b) => a + b, 0))
      let acc = 0
      for (let i = 0; i < K; i++) {
        acc += m[i]
        if (j < acc) {
          m[i]--
          return { arm: names[i] }
        }
      }
      throw new Error('unreachable')
    })
  }
  if (config.method === 'permuted_block' || config.method === 'stratified_permuted_block') {
    const sequences = new Map<string, ReturnType<typeof blocks>>()
    return units.map((unit) => {
      const k = key(unit)
      if (!sequences.has(k))
        sequences.set(k, blocks(stream(seed, `stratum|${k}`), ratios, config.block_sizes ?? []))
      const { arm, block } = sequences.get(k)!()
      return stratified ? { arm: names[arm], stratum: k, block } : { arm: names[arm], block }
    })
  }
  if (config.method === 'cluster' || config.method === 'stratified_cluster') {
    const sequences = new Map<string, ReturnType<typeof blocks>>()
    const clusters = new Map<string, { arm: number; block: number; stratum: string }>()
    return units.map((unit) => {
      const c = JSON.stringify(unit[config.cluster!])
      if (!clusters.has(c)) {
        const k = key(unit)
        if (!sequences.has(k))
          sequences.set(k, blocks(stream(seed, `stratum|${k}`), ratios, config.block_sizes ?? []))
        clusters.set(c, { ...sequences.get(k)!(), stratum: k })
      }
      const { arm, block, stratum } = clusters.get(c)!
      return stratified ? { arm: names[arm], stratum, block } : { arm: names[arm], block }
    })
  }
  if (config.method === 'minimisation') {
    const settings = config.minimisation!
    const weights = settings.weights ?? settings.factors.map(() => 1)
    const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b))
    const L = ratios.reduce((a, b) => (a * b) / gcd(a, b), 1)
    const u = stream(seed, 'minimisation')
    const history: { unit: Unit; arm: number }[] = []
    return units.map((unit, index) => {
      const G = all.map((a) =>
        settings.factors.reduce((total, f, fi) => {
          const x = all.map(
            (i) =>
              (history.filter(
                (h) => JSON.stringify(h.unit[f]) === JSON.stringify(unit[f]) && h.arm === i
              ).length +
                (i === a ? 1 : 0)) *
              (L / ratios[i])
          )
          const D =
            (settings.imbalance ?? 'range') === 'range'
              ? Math.max(...x) - Math.min(...x)
              : (K * x.reduce((s, v) => s + v * v, 0) - x.reduce((s, v) => s + v, 0) ** 2) /
                (K * (K - 1))
          return total + weights[fi] * D
        }, 0)
      )
      const M = all.filter((a) => G[a] === Math.min(...G))
      let arm: number
      if (index === 0 || M.length === K) arm = pick(u(), ratios, all)
      else {
        const preferred = pick(u(), ratios, M)
        arm =
          u() < settings.p_follow
            ? preferred
            : pick(
                u(),
                ratios,
                all.filter((a) => a !== preferred)
              )
      }
      history.push({ unit, arm })
      return { arm: names[arm] }
    })
  }
  throw new Error(`unknown method ${config.method}`)
}
