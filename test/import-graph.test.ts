// The layers' boundaries, checked over the import graph: trials/ and analysis/ are pure (never import
// src/), analysis/ is the innermost layer (never imports trials/), and code reaches another top-level
// folder only through the public face of one of its folders, its index.ts, so a folder's internals can
// move without breaking its users. Specifiers are read with a regular expression (imports, re-exports and
// dynamic imports of relative paths), which is all these files use.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'

const root = path.resolve(import.meta.dirname, '..')
const LAYERS = ['src', 'trials', 'analysis'] as const
type Layer = (typeof LAYERS)[number]
/** What each layer may import from the others (imports point inward: src -> trials -> analysis). */
const MAY_IMPORT: Record<Layer, readonly Layer[]> = {
  src: ['trials', 'analysis'],
  trials: ['analysis'],
  analysis: [],
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const file = path.join(dir, name)
    if (statSync(file).isDirectory()) return sourceFiles(file)
    return /\.tsx?$/.test(name) && !name.endsWith('.d.ts') ? [file] : []
  })
}

const SPECIFIER = /(?:\bfrom|\bimport)\s*\(?\s*['"](\.{1,2}\/[^'"]*)['"]/g

/** The relative specifiers a source file imports or re-exports. */
function specifiersOf(text: string): string[] {
  return [...text.matchAll(SPECIFIER)].map((m) => m[1]!)
}

function resolveSpecifier(from: string, specifier: string): string {
  const base = path.resolve(path.dirname(from), specifier)
  const candidates = [base, `${base}.ts`, `${base}.tsx`, `${base}/index.ts`, `${base}/index.tsx`]
  const found = candidates.find((c) => existsSync(c) && statSync(c).isFile())
  if (found === undefined)
    throw new Error(`${path.relative(root, from)}: cannot resolve ${specifier}`)
  return found
}

const layerOf = (file: string) => path.relative(root, file).split(path.sep)[0] as Layer

interface Edge {
  from: string
  specifier: string
  to: string
}

const edges: Edge[] = LAYERS.flatMap((layer) =>
  sourceFiles(path.join(root, layer)).flatMap((from) =>
    specifiersOf(readFileSync(from, 'utf8')).map((specifier) => ({
      from,
      specifier,
      to: resolveSpecifier(from, specifier),
    }))
  )
)
const crossing = edges.filter((e) => layerOf(e.to) !== layerOf(e.from))
const show = (e: Edge) => `${path.relative(root, e.from)} -> ${path.relative(root, e.to)}`

describe('the import graph', () => {
  it('reads imports, re-exports and dynamic imports, over several lines', () => {
    expect(
      specifiersOf(
        "import { a,\n  b } from '../x'\nexport { c } from './y'\nawait import('../../z/index')\nimport type { T } from 'zod'"
      )
    ).toEqual(['../x', './y', '../../z/index'])
    expect(crossing.length).toBeGreaterThan(0)
  })

  it('points inward: analysis imports neither trials nor src, trials never imports src', () => {
    const outward = crossing.filter(
      (e) => LAYERS.includes(layerOf(e.to)) && !MAY_IMPORT[layerOf(e.from)].includes(layerOf(e.to))
    )
    expect(outward.map(show)).toEqual([])
  })

  const throughInternals = crossing.filter(
    (e) =>
      (layerOf(e.to) === 'trials' || layerOf(e.to) === 'analysis') &&
      !/^index\.tsx?$/.test(path.basename(e.to))
  )

  it('crosses into analysis/ only through a folder index.ts', () => {
    expect(throughInternals.filter((e) => layerOf(e.to) === 'analysis').map(show)).toEqual([])
  })

  it('crosses into trials/ only through a folder index.ts', () => {
    expect(throughInternals.filter((e) => layerOf(e.to) === 'trials').map(show)).toEqual([])
  })
})
