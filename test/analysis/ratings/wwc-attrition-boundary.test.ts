import { describe, expect, it } from 'vitest'
import {
  classifyWwcAttrition,
  resolveRatingOptions,
  wwcAttritionTable,
} from '../../../analysis/ratings'

const defaults = resolveRatingOptions().options
const classify = (
  overall: number,
  differential: number,
  boundary: 'cautious' | 'optimistic',
  options: unknown = {}
) => classifyWwcAttrition(overall, differential, boundary, resolveRatingOptions(options).options)

describe('WWC Table II.1 data (§4.2)', () => {
  it('holds rows 0-65 with the cautious column ending at 57%', () => {
    const table = wwcAttritionTable('B')
    expect(table.map((row) => row.overall)).toEqual(Array.from({ length: 66 }, (_, i) => i))
    expect(
      table
        .filter((row) => row.cautious !== null)
        .map((row) => row.overall)
        .at(-1)
    ).toBe(57)
    expect(table.every((row) => row.optimistic !== null)).toBe(true)
  })

  it('keeps column A, which stops at 57%', () => {
    const table = wwcAttritionTable('A')
    expect(
      table
        .filter((row) => row.optimistic !== null)
        .map((row) => row.overall)
        .at(-1)
    ).toBe(57)
    // The two columns agree on rows 0-12 (§4.2 known discrepancy starts at row 13).
    const b = wwcAttritionTable('B')
    expect(table.slice(0, 13).map((r) => r.optimistic)).toEqual(
      b.slice(0, 13).map((r) => r.optimistic)
    )
  })

  it('never lets the cautious boundary exceed the optimistic one', () => {
    for (const row of wwcAttritionTable('B')) {
      if (row.cautious !== null) expect(row.cautious).toBeLessThanOrEqual(row.optimistic!)
    }
  })
})

describe('classifyWwcAttrition (§4.2)', () => {
  it('is inclusive at the boundary, with the 1e-9 tolerance', () => {
    expect(classify(10, 6.3, 'cautious').status).toBe('low')
    expect(classify(10, 6.3000000005, 'cautious').status).toBe('low')
    expect(classify(10, 6.31, 'cautious').status).toBe('high')
    expect(classify(10, 6.31, 'optimistic').status).toBe('low')
  })

  it('uses the smaller of the floor and ceiling rows for fractional overall attrition', () => {
    // Spec example: 18.5% cautious -> min(5.7, 5.5) = 5.5.
    const result = classify(18.5, 5.6, 'cautious')
    expect(result.rowsUsed).toEqual([18, 19])
    expect(result.boundaryValue).toBe(5.5)
    expect(result.status).toBe('high')
    expect(result.interpretation).toBe(true)
    expect(result.detail).toMatch(/rows 18\/19/)
  })

  it('offers the nearest-row and floor-row readings as options', () => {
    expect(classify(18.5, 5.6, 'cautious', { wwc_fractional_overall: 'floor' })).toMatchObject({
      status: 'low',
      rowsUsed: [18],
    })
    expect(classify(18.4, 5.6, 'cautious', { wwc_fractional_overall: 'nearest' })).toMatchObject({
      status: 'low',
      rowsUsed: [18],
    })
    expect(classify(18.5, 5.6, 'cautious', { wwc_fractional_overall: 'nearest' })).toMatchObject({
      status: 'high',
      rowsUsed: [19],
    })
  })

  it('treats overall attrition beyond the table as high whatever the differential', () => {
    expect(classify(57, 0, 'cautious').status).toBe('low')
    expect(classify(57.2, 0, 'cautious')).toMatchObject({ status: 'high', boundaryValue: null })
    expect(classify(60, 0, 'cautious').status).toBe('high')
    expect(classify(65, 0.3, 'optimistic').status).toBe('low')
    expect(classify(65.5, 0, 'optimistic').status).toBe('high')
    expect(classify(60, 0, 'optimistic', { wwc_optimistic_column: 'A' }).status).toBe('high')
  })

  it('reads a staff-supplied table instead of the shipped one', () => {
    const table = [{ overall: 0, cautious: 1, optimistic: 2 }]
    expect(classify(0, 1.5, 'cautious', { wwc_attrition_table: table }).status).toBe('high')
    expect(classify(0, 1.5, 'optimistic', { wwc_attrition_table: table }).status).toBe('low')
    expect(classify(1, 0, 'optimistic', { wwc_attrition_table: table }).status).toBe('high')
  })

  it('describes the comparison so staff can check it', () => {
    expect(classifyWwcAttrition(10, 7, 'cautious', defaults).detail).toBe(
      'overall 10.0%, differential 7.0pp > cautious boundary 6.3 (row 10)'
    )
  })
})
