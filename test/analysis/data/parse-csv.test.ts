import { describe, expect, it } from 'vitest'
import { completeCaseRows, labelColumn, numericColumn, parseCsv } from '../../../analysis/data'

describe('parseCsv', () => {
  it('types columns and reads empty fields as missing', () => {
    const t = parseCsv('id,area,arm,y\nH1,North,1,2.5\nH2,South,0,\nH3,,1,-1e3\n')
    expect(t.rowCount).toBe(3)
    expect(t.columns.id.kind).toBe('text')
    expect(t.columns.area.values).toEqual(['North', 'South', null])
    expect(t.columns.y).toEqual({ kind: 'numeric', values: [2.5, null, -1000] })
    expect(numericColumn(t, 'arm')).toEqual([1, 0, 1])
    expect(labelColumn(t, 'arm')).toEqual(['1', '0', '1'])
  })

  it('selects complete cases over the named columns only', () => {
    const t = parseCsv('a,b,c\n1,,3\n1,2,\n1,2,3\n')
    expect(completeCaseRows(t, ['a', 'b'])).toEqual([1, 2])
    expect(completeCaseRows(t, ['a', 'b', 'c'])).toEqual([2])
  })

  it('refuses missing and non-numeric columns with clear errors', () => {
    const t = parseCsv('id,y\nA,1\n')
    expect(() => numericColumn(t, 'z')).toThrow(/column "z" is not in the data/)
    expect(() => numericColumn(t, 'id')).toThrow(/must be numeric/)
  })

  it('refuses ragged rows and duplicated names', () => {
    expect(() => parseCsv('a,b\n1\n')).toThrow(/2 fields|1 fields/)
    expect(() => parseCsv('a,a\n1,2\n')).toThrow(/twice/)
    expect(() => parseCsv('')).toThrow(/header/)
  })

  it('does not read hex or blank-looking fields as numbers', () => {
    const t = parseCsv('x\n0x1f\n')
    expect(t.columns.x.kind).toBe('text')
  })
})
