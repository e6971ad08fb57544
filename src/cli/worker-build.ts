// Usage: npm run worker:build -- [wrangler deploy arguments, e.g. --dry-run --outdir dist]
// Computes the engine identity from the sources (as the Node server does at start) and compiles it into the
// Workers bundle with `wrangler deploy --define ENGINE_IDENTITY:"…"`, since workerd cannot read the sources.
import { spawnSync } from 'node:child_process'
import { readEngineIdentity } from '../engine-identity'
import { projectRoot } from './open-local'
import pkg from '../../package.json' with { type: 'json' }

const identity = readEngineIdentity(projectRoot, pkg.version)
const result = spawnSync(
  'npx',
  [
    'wrangler',
    'deploy',
    '--define',
    `ENGINE_IDENTITY:${JSON.stringify(identity)}`,
    ...process.argv.slice(2),
  ],
  { cwd: projectRoot, stdio: 'inherit' }
)
process.exitCode = result.status ?? 1
