// Usage: npm run --silent analyse -- <request.json>
// The request is {"data"?: "<csv path>", "spec": {...}}. Prints one JSON object: the result, or
// {"error": "..."} with exit code 1. The CSV path may be absolute or relative to the request file.
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { z } from 'zod'
import { parseCsv } from '../../analysis/data'
import { DomainError } from '../../analysis/errors'
import { runAnalysis } from '../../analysis/run-analysis'
import { analysisSpecSchema } from '../../analysis/spec'

const requestSchema = z.strictObject({
  data: z.string().min(1).optional(),
  spec: z.unknown(),
})

function fail(message: string): never {
  process.stdout.write(`${JSON.stringify({ error: message })}\n`)
  process.exit(1)
}

function formatIssues(error: z.ZodError, prefix: string): string {
  return error.issues
    .map((issue) => {
      const where = [prefix, ...issue.path.map(String)].filter((p) => p !== '').join('.')
      return where === '' ? issue.message : `${where}: ${issue.message}`
    })
    .join('; ')
}

function readText(file: string, what: string): string {
  try {
    return readFileSync(file, 'utf8')
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? 'unreadable'
    return fail(`cannot read ${what} ${file} (${reason})`)
  }
}

function main(): void {
  const requestPath = process.argv[2]
  if (requestPath === undefined) fail('usage: analyse <request.json>')
  let raw: unknown
  try {
    raw = JSON.parse(readText(requestPath, 'request file'))
  } catch {
    fail(`request file ${requestPath} is not valid JSON`)
  }
  const request = requestSchema.safeParse(raw)
  if (!request.success) fail(`invalid request: ${formatIssues(request.error, '')}`)
  const spec = analysisSpecSchema.safeParse(request.data.spec)
  if (!spec.success) fail(`invalid spec: ${formatIssues(spec.error, 'spec')}`)
  const dataPath = request.data.data
  const table =
    dataPath === undefined
      ? undefined
      : parseCsv(readText(path.resolve(path.dirname(requestPath), dataPath), 'data file'))
  const result = runAnalysis(spec.data, table)
  process.stdout.write(`${JSON.stringify(result)}\n`)
}

try {
  main()
} catch (error) {
  if (error instanceof DomainError) fail(error.message)
  fail(`internal error: ${error instanceof Error ? error.message : String(error)}`)
}
