import { readdirSync, readFileSync } from 'node:fs'
import { join, relative, sep } from 'node:path'
import { ENGINE_SOURCE_FOLDERS, engineIdentity } from '../trials/registration-record'

/**
 * The engine identity of the source tree at `root`, read from disk (Node): the package version and the
 * content hash of `analysis/` and `trials/randomisation/` (see `engineIdentity`). Computed once at start; the
 * Workers bundle gets the same value at build time (`npm run worker:build`).
 */
export function readEngineIdentity(root: string, version: string): string {
  const files: Array<{ path: string; text: string }> = []
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = join(dir, entry.name)
      if (entry.isDirectory()) walk(full)
      else if (entry.isFile())
        files.push({
          path: relative(root, full).split(sep).join('/'),
          text: readFileSync(full, 'utf8'),
        })
    }
  }
  for (const folder of ENGINE_SOURCE_FOLDERS) walk(join(root, folder))
  return engineIdentity(version, files)
}
