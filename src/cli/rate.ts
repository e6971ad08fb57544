// Usage: npm run --silent rate -- <facts.json|-> [--options <options.json>]
// Prints the evidence-rating report (EVIDENCE_RATINGS.md §10) as JSON. Facts or options outside their
// domain print {"error": "<code>", "message": "...", "problems": [{path, reason}, ...]} and exit 1.
// `-` reads the facts from stdin. Options override the INTERPRETATION defaults (analysis/ratings/README.md).
import { readFileSync } from 'node:fs'
import { parseArgs } from 'node:util'
import { DomainError } from '../../analysis'
import { rateTrial } from '../../analysis/ratings'
import { CliExit, type CliIo } from './io'

type Problem = { path: string; reason: string }

function rate(argv: readonly string[], io: CliIo): void {
  const fail = (error: string, message: string, problems: Problem[] = []): never => {
    io.stdout(`${JSON.stringify({ error, message, problems }, null, 2)}\n`)
    throw new CliExit(1)
  }
  const readJson = (file: string, what: string): unknown => {
    let text: string
    try {
      text = file === '-' ? io.readStdin() : readFileSync(file, 'utf8')
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? 'unreadable'
      return fail('unreadable-file', `cannot read ${what} ${file} (${code})`, [
        { path: file, reason: code },
      ])
    }
    try {
      return JSON.parse(text)
    } catch (error) {
      return fail('invalid-json', `${what} ${file} is not valid JSON`, [
        { path: file, reason: (error as Error).message },
      ])
    }
  }
  let parsed
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: { options: { type: 'string' } },
    })
  } catch (error) {
    return fail(
      'usage',
      `${(error as Error).message}; usage: rate <facts.json|-> [--options <options.json>]`
    )
  }
  const [factsPath, ...extra] = parsed.positionals
  if (factsPath === undefined || extra.length > 0)
    fail('usage', 'usage: rate <facts.json|-> [--options <options.json>]')
  const facts = readJson(factsPath!, 'facts file')
  const options =
    parsed.values.options === undefined ? {} : readJson(parsed.values.options, 'options file')
  try {
    io.stdout(`${JSON.stringify(rateTrial(facts, options), null, 2)}\n`)
  } catch (error) {
    if (error instanceof DomainError) {
      const problems = (error.details?.problems as Problem[] | undefined) ?? []
      fail(error.code, error.message, problems)
    }
    throw error
  }
}

/** `rate <facts.json|-> [--options <options.json>]`: prints the rating report; exit 0, or 1 with a problem. */
export function main(argv: readonly string[], io: CliIo): number {
  try {
    rate(argv, io)
    return 0
  } catch (error) {
    if (error instanceof CliExit) return error.exitCode
    throw error
  }
}
