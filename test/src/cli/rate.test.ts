import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { intactRct } from '../../analysis/ratings/facts-fixture'
import { main } from '../../../src/cli/rate'
import { runCli } from '../../support/cli'

const dir = mkdtempSync(path.join(tmpdir(), 'rate-cli-'))

async function rate(...args: string[]) {
  const run = await runCli(main, args)
  return { status: run.status, json: JSON.parse(run.stdout) }
}

function file(name: string, content: unknown): string {
  const p = path.join(dir, name)
  writeFileSync(p, typeof content === 'string' ? content : JSON.stringify(content))
  return p
}

describe('rate CLI', () => {
  it('prints the §10 report for valid facts', async () => {
    const { status, json } = await rate(file('ok.json', intactRct()))
    expect(status).toBe(0)
    expect(json.ratings.eef_padlocks.level).toBe(5)
    expect(json.derived.attrition_percent.overall).toBe(4.5)
  })

  it('applies an options file', async () => {
    const { json } = await rate(
      file('ok2.json', intactRct()),
      '--options',
      file('options.json', { rob2_low_attrition_percent: 4 })
    )
    expect(json.options_overridden).toEqual(['rob2_low_attrition_percent'])
  })

  it('prints every problem and exits 1 for facts outside their domain', async () => {
    const { status, json } = await rate(
      file('bad.json', { ...intactRct(), n_analysed_control: 500, design: 'pilot' })
    )
    expect(status).toBe(1)
    expect(json.error).toBe('invalid-facts')
    expect(json.problems.map((p: { path: string }) => p.path).sort()).toEqual([
      'design',
      'n_analysed_control',
    ])
  })

  it('exits 1 with a problem for unreadable or malformed files', async () => {
    expect(await rate(file('broken.json', '{"design": '))).toMatchObject({
      status: 1,
      json: { error: 'invalid-json' },
    })
    expect(await rate(path.join(dir, 'absent.json'))).toMatchObject({
      status: 1,
      json: { error: 'unreadable-file' },
    })
  })
})
