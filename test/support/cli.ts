import type { CliMain } from '../../src/cli/io'

export interface CliRun {
  status: number
  stdout: string
  stderr: string
}

/** Runs a command-line entry point in-process with the given arguments and standard input. */
export async function runCli(main: CliMain, argv: string[], stdin = ''): Promise<CliRun> {
  let stdout = ''
  let stderr = ''
  const status = await main(argv, {
    stdout: (text) => void (stdout += text),
    stderr: (text) => void (stderr += text),
    readStdin: () => stdin,
  })
  return { status, stdout, stderr }
}
