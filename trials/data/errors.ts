import { DomainError } from '../../analysis'

/**
 * A file that cannot be read as a CSV at all: UTF-16 or binary content, another delimiter, an
 * unterminated quote, a runaway record. `details.reason` is a stable code and `details.row` the
 * row (line of the file, header = 1) where reading stopped, when known.
 *
 * @example
 * throw new UnreadableFileError('the file is UTF-16; save it as "CSV UTF-8"', { reason: 'utf-16', row: 1 })
 */
export class UnreadableFileError extends DomainError {
  override readonly code: string = 'unreadable-file'
}
