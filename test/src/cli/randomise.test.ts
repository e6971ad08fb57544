import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { main as randomise } from '../../../src/cli/randomise'
import { main as verify } from '../../../src/cli/verify'
import { sha256Hex } from '../../../trials/hash'
import { runCli } from '../../support/cli'

const directory = mkdtempSync(path.join(tmpdir(), 'randomise-'))

function write(name: string, body: unknown): string {
  const file = path.join(directory, name)
  writeFileSync(file, typeof body === 'string' ? body : JSON.stringify(body))
  return file
}

const request = {
  seed: 'a7c3e9f1b5d2',
  method: 'stratified_permuted_block',
  arms: [
    { name: 'mediation', ratio: 2 },
    { name: 'usual_care', ratio: 1 },
  ],
  block_sizes: [3, 6],
  strata: ['council'],
  strata_values: { council: ['York', 'Hull'] },
  units: Array.from({ length: 9 }, (_, i) => ({ id: `h-${i}`, council: i % 2 ? 'York' : 'Hull' })),
}

describe('randomise CLI', () => {
  it('prints the same bytes for the same request, in the units order, with the algorithm tag', async () => {
    const file = write('request.json', request)
    const first = (await runCli(randomise, [file])).stdout
    const second = (await runCli(randomise, [file])).stdout
    expect(first).toBe(second)
    const output = JSON.parse(first)
    expect(Object.keys(output)).toEqual(['algorithm', 'allocations'])
    expect(output.algorithm).toBe('trialworks-randomisation/1')
    expect(output.allocations.map((a: { id: string }) => a.id)).toEqual(
      request.units.map((u) => u.id)
    )
    expect(Object.keys(output.allocations[0])).toEqual(['id', 'arm', 'stratum', 'block'])
  })

  it.each([
    [
      'unknown stratum value',
      { ...request, units: [{ id: 'x', council: 'Leeds' }] },
      'allowed: "York", "Hull"',
    ],
    [
      'bad block size',
      { ...request, block_sizes: [4] },
      'block size 4 is not a multiple of the ratio sum 3',
    ],
    [
      'duplicate ids',
      { ...request, units: [...request.units, { id: 'h-2', council: 'York' }] },
      'positions 3 and 10',
    ],
    ['not JSON', '{', 'is not valid JSON'],
    ['missing seed', { ...request, seed: undefined }, 'seed'],
  ])('%s: exits 1 with a one-line reason and nothing on stdout', async (name, body, reason) => {
    const result = await runCli(randomise, [write(`${name}.json`, body)])
    expect(result.status).toBe(1)
    expect(result.stdout).toBe('')
    expect(result.stderr).toContain(reason)
    expect(result.stderr.trimEnd().split('\n')).toHaveLength(1)
  })
})

describe('verify CLI', () => {
  it('exits 0 on an honest export and 1 when an arm was changed', async () => {
    const allocations = JSON.parse(
      (await runCli(randomise, [write('r.json', request)])).stdout
    ).allocations
    const { seed, units, ...randomisation } = request
    const exported = {
      trial_id: 't-1',
      protocol_hash: sha256Hex('protocol'),
      algorithm: 'trialworks-randomisation/1',
      randomisation,
      seed,
      seed_commitment: sha256Hex(seed),
      units: units.map(({ id, ...fields }, i) => ({ id, fields, arm: allocations[i].arm })),
    }
    const honest = await runCli(verify, [write('export.json', exported)])
    expect(honest.status).toBe(0)
    expect(JSON.parse(honest.stdout).ok).toBe(true)
    exported.units[2].arm = exported.units[2].arm === 'mediation' ? 'usual_care' : 'mediation'
    const altered = await runCli(verify, [write('altered.json', exported)])
    expect(altered.status).toBe(1)
    expect(JSON.parse(altered.stdout).mismatches).toHaveLength(1)
  })
})
