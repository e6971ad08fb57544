import { describe, expect, it } from 'vitest'
import { formatNumber } from '../../analysis/format-number'

describe('formatNumber', () => {
  it('writes three significant figures without trailing zeros or exponents', () => {
    expect(formatNumber(0.16434061451691886)).toBe('0.164')
    expect(formatNumber(27.272727272727273)).toBe('27.3')
    expect(formatNumber(12.5)).toBe('12.5')
    expect(formatNumber(0.05)).toBe('0.05')
    expect(formatNumber(1234.5)).toBe('1235')
    expect(formatNumber(-0.000012345)).toBe('-0.0000123')
    expect(formatNumber(-0.0000001, 1)).toBe('-0.0000001')
    expect(formatNumber(-0.00004, 0)).toBe('0')
    expect(formatNumber(0)).toBe('0')
  })
})
