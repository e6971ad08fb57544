import { jsonPointer } from './json-pointer'

/**
 * One problem found in a protocol. `path` is an RFC 6901 JSON pointer into the protocol (`''` for
 * the whole document); `code` is stable kebab-case for programs, `message` is for people.
 * Errors block registration; warnings are shown to the officer and recorded, but do not block.
 *
 * @example
 * const problem: ProtocolProblem = { path: '/arms', code: 'no-control-arm', message: 'one arm must be the control arm', severity: 'error' }
 */
export type ProtocolProblem = {
  path: string
  code: string
  message: string
  severity: 'error' | 'warning'
}

/**
 * Collects problems as checks find them.
 *
 * @example
 * const sink: ProblemSink = problemSink()
 */
export type ProblemSink = {
  error(path: ReadonlyArray<string | number>, code: string, message: string): void
  warning(path: ReadonlyArray<string | number>, code: string, message: string): void
  readonly problems: ProtocolProblem[]
}

/**
 * A new, empty problem collector.
 *
 * @example
 * const sink = problemSink()
 * sink.error(['arms'], 'no-control-arm', 'exactly one arm must be the control arm')
 * sink.problems[0].path // '/arms'
 */
export function problemSink(): ProblemSink {
  const problems: ProtocolProblem[] = []
  const add =
    (severity: ProtocolProblem['severity']) =>
    (path: ReadonlyArray<string | number>, code: string, message: string) => {
      problems.push({ path: jsonPointer(path), code, message, severity })
    }
  return { error: add('error'), warning: add('warning'), problems }
}
