// The shell's rules, checked over its sources: src/ never silences the type checker with `as never`
// (rows, responses and context variables are typed from their schemas) nor casts a protocol or a
// stored document (jsonb columns are typed with `.$type<>()`), no route or page handler runs past
// 15 lines (the work is in services and named functions), and no trial status is
// written out in src/: which status allows what is decided once, in trials/protocol/lifecycle.ts
// (`permissions()` and its predicates), and the shell asks it.
import { readdirSync, readFileSync, statSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { TRIAL_STATUSES } from '../trials/protocol'

const root = path.resolve(import.meta.dirname, '..')

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const file = path.join(dir, name)
    if (statSync(file).isDirectory()) return sourceFiles(file)
    return /\.tsx?$/.test(name) && !name.endsWith('.d.ts') ? [file] : []
  })
}

/** Every line of src/ matching `pattern`, as `file:line: text`. */
function linesMatching(pattern: RegExp): string[] {
  return sourceFiles(path.join(root, 'src')).flatMap((file) =>
    readFileSync(file, 'utf8')
      .split('\n')
      .flatMap((text, i) =>
        pattern.test(text) ? [`${path.relative(root, file)}:${i + 1}: ${text.trim()}`] : []
      )
  )
}

const AS_NEVER = /\bas never\b/
// jsonb columns are typed in the schema (`.$type<>()`), and a trial's protocol is reached as registered
// through `registered()` / `registeredProtocol()` (trials/commands), never by a cast.
const PROTOCOL_CAST =
  /\bas (unknown as )?(Protocol|RegisteredProtocol|ProtocolDraft|RegistrationBody)\b/
const DOCUMENT_CAST =
  /\.(protocol|registration|details|publishedChecklist|state)\)?( \?\? [^)]*\))?\)? as (?!const\b)/
const STATUS_LITERAL = new RegExp(`(['"])(${TRIAL_STATUSES.join('|')})\\1`)

// A route or page handler parses, calls a service and responds: its body (the lines after `(c) =>`
// that are indented deeper than that line; the sources are formatted, so indentation shows nesting)
// stays within a screenful.
const HANDLER = /\(c\) =>(?: \{)?$/
const MAX_HANDLER_LINES = 15

/** The length in lines of every handler in src/routes, src/pages and src/app.ts, as `file:line`. */
function handlerLengths(): Array<{ at: string; lines: number }> {
  const files = [
    ...sourceFiles(path.join(root, 'src/routes')),
    ...sourceFiles(path.join(root, 'src/pages')),
    path.join(root, 'src/app.ts'),
  ]
  const indent = (line: string) => line.length - line.trimStart().length
  return files.flatMap((file) => {
    const lines = readFileSync(file, 'utf8').split('\n')
    return lines.flatMap((line, i) => {
      if (!HANDLER.test(line)) return []
      let end = i + 1
      while (end < lines.length && (!lines[end]!.trim() || indent(lines[end]!) > indent(line)))
        end++
      return [{ at: `${path.relative(root, file)}:${i + 1}`, lines: end - i - 1 }]
    })
  })
}

describe('the shell', () => {
  it('recognises what it looks for', () => {
    expect(AS_NEVER.test("c.get('x' as never)")).toBe(true)
    expect(AS_NEVER.test('as neverthless')).toBe(false)
    expect(STATUS_LITERAL.test("trial.status === 'recruiting'")).toBe(true)
    expect(STATUS_LITERAL.test('status: "withdrawn"')).toBe(true)
    expect(STATUS_LITERAL.test("kind: 'registered_at'")).toBe(false)
    expect(PROTOCOL_CAST.test('trial.protocol as unknown as Protocol')).toBe(true)
    expect(PROTOCOL_CAST.test('x as ProtocolChange[]')).toBe(false)
    expect(DOCUMENT_CAST.test('(stored?.details ?? {}) as Record<string, string>')).toBe(true)
    expect(DOCUMENT_CAST.test('stored.publishedChecklist as ChecklistItem[]')).toBe(true)
    expect(DOCUMENT_CAST.test("{ protocol: 'x' as const }")).toBe(false)
    expect(HANDLER.test("  .get('/x', only('officer'), async (c) => {")).toBe(true)
    expect(HANDLER.test('    async (c) =>')).toBe(true)
    expect(HANDLER.test('const formValues = async (c: Ctx): Promise<Values> => {')).toBe(false)
  })

  it('never casts to never', () => {
    expect(linesMatching(AS_NEVER)).toEqual([])
  })

  it('casts neither a protocol nor a stored document: the jsonb columns are typed', () => {
    expect(linesMatching(PROTOCOL_CAST)).toEqual([])
    expect(linesMatching(DOCUMENT_CAST)).toEqual([])
  })

  it('keeps every route and page handler short: parse, call a service, respond', () => {
    const handlers = handlerLengths()
    expect(handlers.length).toBeGreaterThan(90)
    expect(handlers.filter((h) => h.lines > MAX_HANDLER_LINES)).toEqual([])
  })

  it('writes out no trial status: it asks the lifecycle in trials/', () => {
    expect(linesMatching(STATUS_LITERAL)).toEqual([])
  })
})

describe('the names', () => {
  // A name exported as a type from two places means two things to a reader who meets it in an import;
  // each exported type, interface, class or enum name is declared once across src/, trials/ and analysis/.
  const EXPORTED_TYPE = /^export (?:interface|type|class|enum|abstract class) ([A-Za-z0-9_]+)/

  it('give each exported type one meaning across src, trials and analysis', () => {
    const declared = new Map<string, string[]>()
    for (const folder of ['src', 'trials', 'analysis'])
      for (const file of sourceFiles(path.join(root, folder)))
        readFileSync(file, 'utf8')
          .split('\n')
          .forEach((text, i) => {
            const name = EXPORTED_TYPE.exec(text)?.[1]
            if (name)
              declared.set(name, [
                ...(declared.get(name) ?? []),
                `${path.relative(root, file)}:${i + 1}`,
              ])
          })
    expect(declared.size).toBeGreaterThan(200)
    expect([...declared].filter(([, at]) => at.length > 1)).toEqual([])
  })
})
