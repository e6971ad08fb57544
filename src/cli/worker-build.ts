// Usage: npm run worker:build -- [wrangler deploy arguments, e.g. --dry-run --outdir dist]
// Computes the engine identity from the sources (as the Node server does at start) and compiles it into the
// Workers bundle with `wrangler deploy --define ENGINE_IDENTITY:"…"`, since workerd cannot read the sources.
import { spawnSync } from 'node:child_process'
import { readEngineIdentity } from '../engine-identity'
import type { CliIo } from './io'
import { projectRoot } from './open-local'
import pkg from '../../package.json' with { type: 'json' }

/** `worker:build …`: runs wrangler deploy with the engine identity defined; returns wrangler's exit code. */
export function main(argv: readonly string[], io: CliIo): number {
  const identity = readEngineIdentity(projectRoot, pkg.version)
  io.stderr(`engine identity ${identity}\n`)
  const result = spawnSync(
    'npx',
    ['wrangler', 'deploy', '--define', `ENGINE_IDENTITY:${JSON.stringify(identity)}`, ...argv],
    { cwd: projectRoot, stdio: 'inherit' }
  )
  return result.status ?? 1
}
