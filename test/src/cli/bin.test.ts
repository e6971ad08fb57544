// The CLI tests run each command's `main` in-process; this file checks the wiring around it: every npm
// script of a command starts its bin file, every bin file hands the process to its command's `main`, and
// one real process (`npm run verify`) carries the command's output and exit code.
import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { main as verify } from '../../../src/cli/verify'
import { sha256Hex } from '../../../trials/hash'
import { allocateAll } from '../../../trials/randomisation'
import { runCli } from '../../support/cli'

const root = path.resolve(import.meta.dirname, '../../..')
const binDir = path.join(root, 'src/cli/bin')
const scripts = (
  JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as {
    scripts: Record<string, string>
  }
).scripts

describe('command-line bins', () => {
  it('are what the npm scripts run, and each only runs its command main', () => {
    const bins = readdirSync(binDir).filter((f) => f.endsWith('.ts'))
    expect(bins.length).toBeGreaterThan(0)
    for (const bin of bins) {
      const name = bin.replace(/\.ts$/, '')
      const command = Object.values(scripts).find((s) => s === `tsx src/cli/bin/${bin}`)
      expect(command, `an npm script runs src/cli/bin/${bin}`).toBeDefined()
      expect(existsSync(path.join(root, 'src/cli', bin)), `src/cli/${name}.ts exists`).toBe(true)
      expect(readFileSync(path.join(binDir, bin), 'utf8')).toBe(
        `import { main } from '../${name}'\nimport { runAsProcess } from '../io'\n\nawait runAsProcess(main)\n`
      )
    }
  })

  it('run as a process: `npm run verify` prints what its main prints and exits with its code', async () => {
    const config = {
      method: 'simple' as const,
      arms: [
        { name: 'mediation', ratio: 1 },
        { name: 'usual_care', ratio: 1 },
      ],
    }
    const seed = 'b1d2e3f4a5c6'
    const units = Array.from({ length: 6 }, (_, i) => ({ id: `u-${i}` }))
    const allocations = allocateAll(config, seed, units)
    const exported = {
      trial_id: 't-1',
      protocol_hash: sha256Hex('protocol'),
      algorithm: 'trialworks-randomisation/1',
      randomisation: config,
      seed,
      seed_commitment: sha256Hex(seed),
      units: units.map(({ id }, i) => ({ id, fields: {}, arm: allocations[i]!.arm })),
    }
    // One arm changed: the report lists it and the exit code is 1.
    exported.units[0]!.arm = exported.units[0]!.arm === 'mediation' ? 'usual_care' : 'mediation'
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'tw-bin-')), 'export.json')
    writeFileSync(file, JSON.stringify(exported))
    const inProcess = await runCli(verify, [file])
    expect(inProcess.status).toBe(1)
    expect(JSON.parse(inProcess.stdout).mismatches).toHaveLength(1)
    const spawned = spawnSync('npm', ['run', '--silent', 'verify', '--', file], {
      cwd: root,
      encoding: 'utf8',
    })
    expect(spawned.status).toBe(inProcess.status)
    expect(spawned.stdout).toBe(inProcess.stdout)
    expect(spawned.stderr).toBe(inProcess.stderr)
  }, 60_000)
})
