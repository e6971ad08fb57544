import { describe, expect, it } from 'vitest'
import {
  CsvReader,
  ImportValidator,
  UnreadableFileError,
  checkValue,
  looksLikePersonalData,
  recordVariables,
} from '../../../trials/data'
import { familyMediationProtocol as protocol } from '../../../trials/protocol/examples/family-mediation'

const validate = (kind: 'baseline' | 'outcome' | 'process', text: string) => {
  const v = new ImportValidator(protocol, kind)
  const r = new CsvReader()
  for (const rec of [...r.push(text), ...r.end()]) v.csvRecord(rec)
  v.finishCsv()
  return v
}
const HH = 'hh_' + '0'.repeat(32)

describe('ImportValidator (CSV)', () => {
  it('keeps typed values and missingness with a reason', () => {
    const v = validate(
      'outcome',
      `household_ref,homeless_6m,days_in_temp_accommodation,days_in_temp_accommodation.missing\nA1,1,12.5,\nA2,0,,moved_away\n`
    )
    expect(v.problems.total).toBe(0)
    expect(v.rows).toEqual([
      { row: 2, household: { ref: 'A1' }, values: [1, 12.5, undefined] },
      { row: 3, household: { ref: 'A2' }, values: [0, { missing: 'moved_away' }, undefined] },
    ])
  })

  it('lists every bad cell with row, column, value and reason', () => {
    const v = validate(
      'outcome',
      `household,homeless_6m,settled_6m.missing,settled_6m\n${HH},2,,1\n${HH},,,\n${HH},1,gone,\nnot-a-pseudonym,1,,0\n${HH},1\n`
    )
    expect(v.rows).toEqual([])
    expect(v.problems.items.map((p) => [p.row, p.column, p.code, p.value])).toEqual([
      [2, 'homeless_6m', 'wrong-type', '2'],
      [3, 'homeless_6m', 'value-or-reason-required', undefined],
      [3, 'settled_6m', 'value-or-reason-required', undefined],
      [4, 'settled_6m.missing', 'unknown-missing-reason', 'gone'],
      [5, 'household', 'unknown-household', 'not-a-pseudonym'],
      [6, null, 'wrong-field-count', undefined],
    ])
  })

  it('refuses wrong headers: personal data, other kinds, randomisation fields, unknown and duplicate columns', () => {
    const v = validate(
      'baseline',
      'household_ref,Date of Birth,homeless_6m,council_area,shoe_size,age_head,age_head\nA,1990-01-01,1,leeds,9,30,30\n'
    )
    expect(v.stopped).toBe(true)
    expect(v.problems.items.map((p) => [p.column, p.code])).toEqual([
      ['Date of Birth', 'personal-data'],
      ['homeless_6m', 'wrong-kind'],
      ['council_area', 'fixed-at-enrolment'],
      ['shoe_size', 'unknown-column'],
      ['age_head', 'duplicate-column'],
    ])
    expect(v.rows).toEqual([])
  })

  it('needs exactly one household column', () => {
    expect(validate('outcome', 'homeless_6m\n1\n').problems.items[0]).toMatchObject({
      code: 'household-column',
    })
    expect(
      validate('outcome', 'household,household_ref,homeless_6m\n1,2,1\n').problems.items[0]
    ).toMatchObject({
      code: 'household-column',
    })
  })

  it('refuses semicolon- and tab-separated files and empty files', () => {
    expect(() => validate('outcome', 'household_ref;homeless_6m\nA;1\n')).toThrow(/semicolons/)
    expect(() => validate('outcome', 'household_ref\thomeless_6m\nA\t1\n')).toThrow(/tabs/)
    expect(() => validate('outcome', '')).toThrow(UnreadableFileError)
    expect(validate('outcome', 'household_ref,homeless_6m\n').problems.items[0]).toMatchObject({
      code: 'no-rows',
    })
  })

  it('reports cells that were not UTF-8', () => {
    const v = validate('baseline', 'household_ref,age_head\nA,3\uFFFD\n')
    expect(v.problems.items[0]).toMatchObject({
      row: 2,
      column: 'age_head',
      code: 'invalid-encoding',
    })
  })
})

describe('ImportValidator (JSON rows)', () => {
  it('points at each bad key', () => {
    const v = new ImportValidator(protocol, 'process')
    v.jsonRow({ household_ref: 'A', attended_mediation: 1 }, 0)
    v.jsonRow({ household_ref: 'B', attended_mediation: { missing: 'withdrew_consent' } }, 1)
    v.jsonRow({ household: HH, attended_mediation: true, surname: 'Smith' }, 2)
    v.jsonRow({ attended_mediation: null }, 3)
    expect(v.rows.map((r) => r.values)).toEqual([[1], [{ missing: 'withdrew_consent' }]])
    expect(v.problems.items.map((p) => [p.pointer, p.code])).toEqual([
      ['/rows/2/attended_mediation', 'wrong-type'],
      ['/rows/2/surname', 'personal-data'],
      ['/rows/3', 'household-required'],
      ['/rows/3/attended_mediation', 'value-or-reason-required'],
    ])
  })
})

describe('checkValue', () => {
  const byName = new Map(recordVariables(protocol).map((v) => [v.name, v]))
  it.each([
    ['prior_presentations', 3, true],
    ['prior_presentations', -1, false],
    ['prior_presentations', 1.5, false],
    ['age_head', 30.5, true],
    ['age_head', Number.NaN, false],
    ['in_work', 1, true],
    ['in_work', 0.5, false],
    ['household_type', 'single_under_25', true],
    ['household_type', 'couple', false],
    ['homeless_6m', { missing: 'not_yet_due' }, true],
    ['homeless_6m', { missing: 'bored' }, false],
    ['homeless_6m', '1', false],
  ])('%s = %j is %s', (name, value, ok) => {
    expect(checkValue(byName.get(name)!, value).ok).toBe(ok)
  })
  it('spots personal data however the header spells it', () => {
    expect(
      ['surname', 'Client Name', 'DOB', 'Address Line 1', 'e-mail', 'Post code'].map(
        looksLikePersonalData
      )
    ).toEqual([true, true, true, true, true, true])
    expect(['age_head', 'council_area', 'in_work'].some(looksLikePersonalData)).toBe(false)
  })
})
