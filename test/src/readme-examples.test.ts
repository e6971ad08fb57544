import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { main as analyseMain } from '../../src/cli/analyse'
import { runCli } from '../support/cli'
import { useHarness } from '../support/harness'
import { createRecruitingTrial, enrolExampleHouseholds, exampleBaseline } from '../support/fixtures'
import { simulateOutcomes } from '../support/outcomes'

const h = useHarness()
const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8')

/** The fenced code blocks of the README, as Markdown renders them (the fence's indentation removed). */
function codeBlocks(lang: string): string[] {
  const blocks: string[] = []
  const fence = new RegExp(`^( *)\`\`\`${lang}\\n([\\s\\S]*?)^\\1\`\`\`$`, 'gm')
  for (const [, indent, body] of readme.matchAll(fence))
    blocks.push(
      body!
        .split('\n')
        .map((line) => line.slice(Math.min(indent!.length, line.search(/\S|$/))))
        .join('\n')
    )
  return blocks
}

describe('the README examples', () => {
  it('the curl example of a CSV import records its file as it stands, and again as unchanged', async () => {
    const curl = codeBlocks('sh').find((b) => b.includes('imports?kind=outcome'))
    expect(curl, 'a curl example of a CSV import').toBeDefined()
    const url = /"localhost:8787(\/trials\/\$TRIAL\/[^"]+)"/.exec(curl!)![1]!
    const headers = Object.fromEntries(
      [...curl!.matchAll(/-H "([^:]+): ([^"]+)"/g)]
        .filter(([, name]) => name !== 'Authorization')
        .map(([, name, value]) => [name!.toLowerCase(), value!])
    )
    const csv = /<<'CSV'\n([\s\S]*?)\nCSV$/m.exec(curl!)![1]!
    const refs = csv
      .split('\n')
      .slice(1)
      .map((line) => line.split(',')[0]!)
    expect(refs).toEqual(['HOC-00017', 'HOC-00018'])

    const { trialId } = await createRecruitingTrial(h)
    for (const [i, ref] of refs.entries()) {
      const enrolled = await h.json('POST', `/trials/${trialId}/enrolments`, {
        token: h.cast.officerA.token,
        body: { household_ref: ref, baseline: exampleBaseline(i) },
      })
      expect(enrolled.status).toBe(201)
    }
    await h.json('POST', `/trials/${trialId}/close`, { token: h.cast.officerA.token })
    const send = (idempotencyKey: string) =>
      h.json('POST', url.replace('$TRIAL', trialId), {
        token: h.cast.evaluatorA.token,
        raw: csv,
        headers: { ...headers, 'idempotency-key': idempotencyKey },
      })
    const first = await send(headers['idempotency-key']!)
    expect(first.status, JSON.stringify(first.body)).toBe(201)
    expect(first.body).toMatchObject({ created: 2, corrected: 0 })
    const again = await send('hclic-2026-q3-resent')
    expect(again.status, JSON.stringify(again.body)).toBe(201)
    expect(again.body).toMatchObject({ created: 0, corrected: 0, unchanged: 2 })
  })

  it('the analyse request runs on a trial’s dataset.csv and prints the documented fields', async () => {
    const block = codeBlocks('json').find((b) => b.includes('"spec"') && b.includes('"data"'))
    expect(block, 'an analyse request example').toBeDefined()
    const request = JSON.parse(block!) as { data: string; spec: Record<string, unknown> }

    const { trialId } = await createRecruitingTrial(h)
    await enrolExampleHouseholds(h, trialId, 80, 'HOC-README')
    await h.json('POST', `/trials/${trialId}/close`, { token: h.cast.officerA.token })
    await simulateOutcomes(h, trialId, h.cast.officerA.userId)
    const dataset = await h.request('GET', `/trials/${trialId}/dataset.csv`, {
      token: h.cast.evaluatorA.token,
    })
    expect(dataset.status).toBe(200)
    const dir = mkdtempSync(path.join(tmpdir(), 'readme-analyse-'))
    const data = path.join(dir, path.basename(request.data))
    writeFileSync(data, await dataset.text())
    const file = path.join(dir, 'request.json')
    writeFileSync(file, JSON.stringify({ ...request, data }))

    const run = await runCli(analyseMain, [file])
    expect(run.status, run.stdout + run.stderr).toBe(0)
    const result = JSON.parse(run.stdout) as Record<string, unknown>
    const documented = /prints `\{("estimate"[^`]*)\}`/
      .exec(readme.replace(/\n/g, ' '))![1]!
      .match(/"([a-z_]+)"/g)!
      .map((k) => k.slice(1, -1))
    expect(documented).toEqual([
      'estimate',
      'std_error',
      'statistic',
      'df',
      'p_value',
      'conf_low',
      'conf_high',
      'n',
    ])
    for (const key of documented) expect(typeof result[key], key).toBe('number')
  })
})
