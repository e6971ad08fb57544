import { readFileSync } from 'node:fs'

/** Where a command-line entry point reads and writes, so that it runs the same in a process and in a test. */
export interface CliIo {
  stdout(text: string): void
  stderr(text: string): void
  /** Standard input, read to its end (for the `-` file argument). */
  readStdin(): string
}

/**
 * A command-line entry point: takes the arguments after the script name and returns the exit code. It never
 * calls `process.exit`, so it can run in-process.
 */
export type CliMain = (argv: readonly string[], io: CliIo) => number | Promise<number>

/** The process's own standard streams. */
const processIo: CliIo = {
  stdout: (text) => void process.stdout.write(text),
  stderr: (text) => void process.stderr.write(text),
  readStdin: () => readFileSync(0, 'utf8'),
}

/** Stops a command with an exit code once its message is written (caught by the command's `main`). */
export class CliExit extends Error {
  constructor(readonly exitCode: number) {
    super(`exit ${exitCode}`)
  }
}

/** Runs `main` with the process's arguments and streams, and sets the process exit code from it. */
export async function runAsProcess(main: CliMain): Promise<void> {
  process.exitCode = await main(process.argv.slice(2), processIo)
}

/** A command's input cannot be read or is malformed: its message is the one line written to stderr (exit 2). */
export class UsageError extends Error {}

/** The JSON body of a GET of `url`; any failure (network, status, not JSON) is a {@link UsageError} naming it. */
export async function fetchJson(url: string): Promise<unknown> {
  let response: Response
  try {
    response = await fetch(url, { headers: { accept: 'application/json' } })
  } catch (error) {
    throw new UsageError(`cannot fetch ${url} (${(error as Error).message})`)
  }
  const text = await response.text()
  if (!response.ok)
    throw new UsageError(`${url} answered ${response.status}: ${text.slice(0, 300)}`)
  try {
    return JSON.parse(text)
  } catch {
    throw new UsageError(`${url} did not return JSON`)
  }
}
