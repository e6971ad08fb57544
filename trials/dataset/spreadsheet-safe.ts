/**
 * Whether text would be read as a formula by a spreadsheet opening a CSV: it begins with `=`, `+`,
 * `-` or `@`, or with a TAB or carriage return, the characters OWASP's CSV Injection guidance
 * lists (https://owasp.org/www-community/attacks/CSV_Injection).
 *
 * @example
 * looksLikeFormula("=cmd|' /C calc'!A0") // true
 * looksLikeFormula('single_under_25') // false
 */
export function looksLikeFormula(text: string): boolean {
  if (text.length === 0) return false
  const c = text.charCodeAt(0)
  // = + - @ TAB CR
  return c === 61 || c === 43 || c === 45 || c === 64 || c === 9 || c === 13
}

/**
 * A text cell made safe for spreadsheets: one that looks like a formula is prefixed with a single
 * quote (OWASP CSV Injection guidance), which spreadsheets show as text and do not evaluate;
 * anything else is unchanged. Apply it to text cells only: numbers are written as numbers (a
 * negative number is data, not a formula, and must stay readable as one).
 *
 * @example
 * spreadsheetSafe('=1+1') // "'=1+1"
 * spreadsheetSafe('usual_care') // 'usual_care'
 */
export function spreadsheetSafe(text: string): string {
  return looksLikeFormula(text) ? `'${text}` : text
}
