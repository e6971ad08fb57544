import { describe, expect, it } from 'vitest'
import { parseCsv } from '../../../analysis/data'
import { buildAnalysisDataset, looksLikeFormula, spreadsheetSafe } from '../../../trials/dataset'
import { familyMediationProtocol } from '../../../trials/protocol/examples/family-mediation'
import { validateForRegistration } from '../../../trials/protocol/validate'
import type { Protocol } from '../../../trials/protocol/schema'

describe('spreadsheet-safe CSV cells (OWASP CSV injection)', () => {
  it.each(["=cmd|' /C calc'!A0", '+1', '-x', '@SUM(A1)', '\tx', '\rx'])(
    'prefixes %j with a quote',
    (text) => {
      expect(looksLikeFormula(text)).toBe(true)
      expect(spreadsheetSafe(text)).toBe(`'${text}`)
    }
  )

  it('leaves ordinary text alone', () => {
    for (const text of ['usual_care', 'hh_0123', '', 'a=b', "'quoted"])
      expect(spreadsheetSafe(text)).toBe(text)
  })

  it('neutralises text cells of the dataset while negative numbers stay numbers', () => {
    const protocol = familyMediationProtocol as unknown as Protocol
    const dataset = buildAnalysisDataset(
      protocol,
      [
        {
          id: 'hh_1',
          arm: 'usual_care',
          stratum: null,
          block: 1,
          unit: { council_area: "=cmd|' /C calc'!A0" },
        },
      ],
      [{ unitId: 'hh_1', variable: 'age_head', value: -3.5, missingReason: null }]
    )
    const table = parseCsv(dataset.csv)
    expect(table.columns.council_area).toEqual({ kind: 'text', values: ["'=cmd|' /C calc'!A0"] })
    expect(table.columns.age_head).toEqual({ kind: 'numeric', values: [-3.5] })
    expect(dataset.csv).not.toMatch(/,=/)
  })

  it('registration refuses levels and stratum values that look like formulas', () => {
    const protocol = structuredClone(familyMediationProtocol) as unknown as Protocol
    const covariate = protocol.covariates.find((c) => c.levels)!
    covariate.levels = [...covariate.levels!, '=HYPERLINK("http://x")']
    const result = validateForRegistration(protocol)
    expect(result.ok).toBe(false)
    const problems = (result as { problems: Array<{ code: string; path: string }> }).problems
    expect(problems.map((p) => p.code)).toContain('formula-like-level')
  })
})
