// Usage: npm run --silent analyse -- <request.json>
// The request is {"data"?: "<csv path>", "spec": {...}}. Prints one JSON object: the result, or
// {"error": "..."} with exit code 1. The CSV path may be absolute or relative to the request file.
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { z } from 'zod'
import { parseCsv } from '../../analysis/data'
import { DomainError, runAnalysis, analysisSpecSchema } from '../../analysis'
import { CliExit, type CliIo } from './io'

const requestSchema = z.strictObject({
  data: z.string().min(1).optional(),
  spec: z.unknown(),
})

function formatIssues(error: z.ZodError, prefix: string): string {
  return error.issues
    .map((issue) => {
      const where = [prefix, ...issue.path.map(String)].filter((p) => p !== '').join('.')
      return where === '' ? issue.message : `${where}: ${issue.message}`
    })
    .join('; ')
}

function analyse(argv: readonly string[], io: CliIo): void {
  const fail = (message: string): never => {
    io.stdout(`${JSON.stringify({ error: message })}\n`)
    throw new CliExit(1)
  }
  const readText = (file: string, what: string): string => {
    try {
      return readFileSync(file, 'utf8')
    } catch (error) {
      const reason = (error as NodeJS.ErrnoException).code ?? 'unreadable'
      return fail(`cannot read ${what} ${file} (${reason})`)
    }
  }
  try {
    const requestPath = argv[0]
    if (requestPath === undefined) fail('usage: analyse <request.json>')
    let raw: unknown
    try {
      raw = JSON.parse(readText(requestPath!, 'request file'))
    } catch (error) {
      if (error instanceof CliExit) throw error
      fail(`request file ${requestPath} is not valid JSON`)
    }
    const request = requestSchema.safeParse(raw)
    if (!request.success) return fail(`invalid request: ${formatIssues(request.error, '')}`)
    const spec = analysisSpecSchema.safeParse(request.data.spec)
    if (!spec.success) return fail(`invalid spec: ${formatIssues(spec.error, 'spec')}`)
    const dataPath = request.data.data
    const table =
      dataPath === undefined
        ? undefined
        : parseCsv(readText(path.resolve(path.dirname(requestPath!), dataPath), 'data file'))
    const result = runAnalysis(spec.data, table)
    io.stdout(`${JSON.stringify(result)}\n`)
  } catch (error) {
    if (error instanceof CliExit) throw error
    if (error instanceof DomainError) fail(error.message)
    fail(`internal error: ${error instanceof Error ? error.message : String(error)}`)
  }
}

/** `analyse <request.json>`: runs one analysis spec on an optional CSV; exit 0, or 1 with `{"error"}`. */
export function main(argv: readonly string[], io: CliIo): number {
  try {
    analyse(argv, io)
    return 0
  } catch (error) {
    if (error instanceof CliExit) return error.exitCode
    throw error
  }
}
