import { UnreadableFileError } from './errors'

/**
 * Turns an upload's bytes into text, chunk by chunk, for the CSV reader. A UTF-8 byte-order mark
 * is dropped (Excel writes one in "CSV UTF-8"). UTF-16 and UTF-32 (by their byte-order marks) and
 * any NUL byte (UTF-16 without a mark, spreadsheets, archives) are refused with a clear message.
 * Bytes that are not valid UTF-8 (e.g. Windows-1252 '£') become U+FFFD, which the validator
 * reports cell by cell, so one stray character does not hide every other problem.
 *
 * @example
 * const d = new Utf8ChunkDecoder()
 * d.push(new Uint8Array([0xef, 0xbb, 0xbf, 0x61])) + d.end() // 'a'
 */
export class Utf8ChunkDecoder {
  private readonly decoder = new TextDecoder('utf-8', { fatal: false, ignoreBOM: false })
  private head: Uint8Array | null = new Uint8Array(0)
  private bytesSeen = 0

  /** Decodes the next chunk; returns the text it completes (possibly empty). */
  push(bytes: Uint8Array): string {
    if (this.head) {
      // The byte-order mark may straddle chunks: hold bytes back until four have arrived.
      const joined = new Uint8Array(this.head.length + bytes.length)
      joined.set(this.head)
      joined.set(bytes, this.head.length)
      if (joined.length < 4) {
        this.head = joined
        return ''
      }
      this.head = null
      checkMark(joined)
      bytes = joined
    }
    const nul = bytes.indexOf(0)
    if (nul >= 0) {
      throw new UnreadableFileError(
        'the file contains NUL bytes: it is UTF-16 without a byte-order mark, or not a text file; save it as "CSV UTF-8"',
        {
          reason: 'binary',
          byte: this.bytesSeen + nul,
        }
      )
    }
    this.bytesSeen += bytes.length
    return this.decoder.decode(bytes, { stream: true })
  }

  /** Flushes the decoder at the end of the upload. */
  end(): string {
    let text = ''
    if (this.head) {
      const head = this.head
      this.head = null
      checkMark(head)
      if (head.indexOf(0) >= 0)
        throw new UnreadableFileError('the file contains NUL bytes: it is not a text file', {
          reason: 'binary',
          byte: head.indexOf(0),
        })
      text = this.decoder.decode(head, { stream: true })
    }
    return text + this.decoder.decode()
  }
}

function checkMark(b: Uint8Array): void {
  if (
    (b[0] === 0xff && b[1] === 0xfe) ||
    (b[0] === 0xfe && b[1] === 0xff) ||
    (b[0] === 0 && b[1] === 0 && b[2] === 0xfe && b[3] === 0xff)
  ) {
    throw new UnreadableFileError(
      'the file is UTF-16 or UTF-32 (it starts with that byte-order mark); save it as "CSV UTF-8"',
      { reason: 'utf-16', row: 1 }
    )
  }
}
