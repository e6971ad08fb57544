/**
 * Builds an RFC 6901 JSON pointer from path segments, escaping `~` as `~0` and `/` as `~1`.
 * The empty path is the whole document, `''`.
 *
 * @example
 * jsonPointer(['arms', 0, 'allocationRatio']) // '/arms/0/allocationRatio'
 * jsonPointer(['a/b'])                        // '/a~1b'
 */
export function jsonPointer(segments: ReadonlyArray<string | number>): string {
  return segments.map((s) => '/' + String(s).replace(/~/g, '~0').replace(/\//g, '~1')).join('')
}
