import { sha256Hex } from '../hash'

/**
 * The source folders whose content decides every number the engine produces: the statistics and the
 * randomisation. A change to any file in them changes the engine identity.
 *
 * @example
 * ENGINE_SOURCE_FOLDERS // ['analysis', 'trials/randomisation']
 */
export const ENGINE_SOURCE_FOLDERS = ['analysis', 'trials/randomisation'] as const

/**
 * The identity of the analysis and randomisation engine: the package version and a SHA-256 over the source
 * files of {@link ENGINE_SOURCE_FOLDERS}, as `<version>+sha256.<64 hex>`. The source hash is SHA-256 of the
 * lines `<path> <sha256 of the file's UTF-8 text>\n`, one per file sorted by path (code-unit order, `/`
 * separators, relative to the repository root), so it does not depend on how the files were listed.
 *
 * @example
 * engineIdentity('0.1.0', [{ path: 'analysis/index.ts', text: 'export {}' }]) // '0.1.0+sha256.…'
 */
export function engineIdentity(
  version: string,
  files: ReadonlyArray<{ path: string; text: string }>
): string {
  const lines = [...files]
    .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))
    .map((file) => `${file.path} ${sha256Hex(file.text)}\n`)
    .join('')
  return `${version}+sha256.${sha256Hex(lines)}`
}
