/**
 * A number as people read it in sentences (rating reasons, provenance, page text): three
 * significant figures, never fewer than the integer digits, without trailing zeros or exponent
 * notation, and `-0` written `0`. `0.16434061451691886` reads `0.164`, `27.27272727` reads `27.3`,
 * `1234.5` reads `1235`. Numbers kept for computation are never rounded: only their text is.
 *
 * @example
 * formatNumber(0.16434061451691886) // '0.164'
 */
export function formatNumber(x: number, significant = 3): string {
  if (!Number.isFinite(x)) return String(x)
  if (x === 0) return '0'
  const magnitude = Math.floor(Math.log10(Math.abs(x)))
  const decimals = Math.min(100, Math.max(0, significant - 1 - magnitude))
  // toFixed (not toPrecision) keeps large numbers out of exponent notation.
  const text = x.toFixed(decimals)
  const trimmed = text.includes('.') ? text.replace(/\.?0+$/, '') : text
  return /^-0(\.0*)?$/.test(trimmed) ? '0' : trimmed
}
