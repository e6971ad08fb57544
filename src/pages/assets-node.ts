import { readFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { dirname, join, normalize, sep } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { PageAssets } from '../env'

const here = dirname(fileURLToPath(import.meta.url))
const require = createRequire(import.meta.url)

const TYPES: Record<string, string> = {
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
}

/**
 * The pages' stylesheet and images on Node: GOV.UK Frontend's Sass compiled once (on first use,
 * about two seconds) with Arial as the typeface, and its images served from the package.
 */
export function nodePageAssets(): PageAssets {
  let css: Promise<string> | undefined
  const frontend = dirname(require.resolve('govuk-frontend/package.json'))
  const images = join(frontend, 'dist', 'govuk', 'assets', 'images')
  return {
    stylesheet: () =>
      (css ??= (async () => {
        const sass = await import('sass')
        const result = sass.compile(join(here, 'styles', 'app.scss'), {
          loadPaths: [join(frontend, '..')],
          style: 'compressed',
          quietDeps: true,
        })
        return result.css
      })()),
    image: async (name) => {
      const path = normalize(join(images, name))
      if (!path.startsWith(images + sep)) return null
      const type = TYPES[path.slice(path.lastIndexOf('.'))]
      if (!type) return null
      try {
        return { body: new Uint8Array(await readFile(path)), type }
      } catch {
        return null
      }
    },
  }
}
