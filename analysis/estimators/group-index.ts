/** Labels mapped to dense integer codes 0..levels-1, in order of first appearance. */
export interface GroupIndex {
  readonly codes: Int32Array
  readonly levels: readonly string[]
}

/**
 * Codes a label column (clusters, blocks) as dense integers for fast grouping.
 *
 * @example
 * groupIndex(['b', 'a', 'b']) // { codes: Int32Array [0, 1, 0], levels: ['b', 'a'] }
 */
export function groupIndex(labels: readonly string[]): GroupIndex {
  const map = new Map<string, number>()
  const codes = new Int32Array(labels.length)
  labels.forEach((label, i) => {
    let code = map.get(label)
    if (code === undefined) {
      code = map.size
      map.set(label, code)
    }
    codes[i] = code
  })
  return { codes, levels: [...map.keys()] }
}
