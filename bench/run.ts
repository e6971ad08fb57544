// Runs every benchmark, each in its own Node process (so one benchmark's heap and JIT state never colour the
// next), prints one table against the reference tools and writes bench/results/latest.json.
// Usage: npm run bench                 all benchmarks; writes results/latest.json and the README figures
//        npm run bench -- ols-hc2      only the named ones; prints, writes nothing
import { spawn } from 'node:child_process'
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { loadAverage, machineInfo } from './support/machine'
import type { BenchmarkReport } from './support/report'
import { REPORT_MARKER } from './support/standalone'
import { formatTable } from './support/table'

const here = import.meta.dirname
const root = path.resolve(here, '..')
/** Known benchmarks first, in this order; any other bench/*.ts module is run after them. */
const ORDER = [
  'randomisation',
  'randomisation-inference',
  'ols-hc2',
  'enrolment-throughput',
  'enrolment-load',
  'import',
]
const TIMEOUT_SECONDS = 600
/** Benchmarks that run only when named (`npm run bench -- fuzz`), with their own time limits. */
const ON_REQUEST: Record<string, number> = { fuzz: 7200 }

interface Outcome {
  name: string
  wall_seconds: number
  load_average_before: number[]
  load_average_after: number[]
  report?: BenchmarkReport
  failed?: string
}

function discover(): string[] {
  const modules = readdirSync(here)
    .filter((f) => f.endsWith('.ts') && f !== 'run.ts')
    .map((f) => f.slice(0, -3))
  return [
    ...ORDER.filter((n) => modules.includes(n)),
    ...modules.filter((n) => !ORDER.includes(n)).sort(),
  ]
}

function runModule(name: string): Promise<Outcome> {
  const before = loadAverage()
  const start = Date.now()
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(here, `${name}.ts`)], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (chunk) => (stdout += String(chunk)))
    // Each benchmark prints its own table on stderr as it finishes: progress for whoever is watching.
    child.stderr.on('data', (chunk) => {
      stderr += String(chunk)
      process.stderr.write(chunk)
    })
    const limit = ON_REQUEST[name] ?? TIMEOUT_SECONDS
    const timer = setTimeout(() => child.kill('SIGTERM'), limit * 1000)
    child.on('close', (code, signal) => {
      clearTimeout(timer)
      const outcome: Outcome = {
        name,
        wall_seconds: Math.round((Date.now() - start) / 100) / 10,
        load_average_before: before,
        load_average_after: loadAverage(),
      }
      const line = stdout.split('\n').find((l) => l.startsWith(REPORT_MARKER))
      if (line) outcome.report = JSON.parse(line.slice(REPORT_MARKER.length)) as BenchmarkReport
      else if (signal) outcome.failed = `stopped after ${limit} s (${signal})`
      else
        outcome.failed =
          code === 0
            ? `finished without a report: ${stdout.trim().slice(-300)}`
            : `exited ${code}: ${stderr.trim().split('\n').slice(-3).join(' ')}`
      resolve(outcome)
    })
  })
}

/** Replaces the figures between the markers in bench/README.md, so the README always shows the last full run. */
function updateReadme(table: string, machine: ReturnType<typeof machineInfo>): void {
  const file = path.join(here, 'README.md')
  if (!existsSync(file)) return
  const text = readFileSync(file, 'utf8')
  const startMark = '<!-- latest-figures:start -->'
  const endMark = '<!-- latest-figures:end -->'
  const a = text.indexOf(startMark)
  const b = text.indexOf(endMark)
  if (a < 0 || b < a) return
  const load = machine.load_average_at_start.join(', ')
  const body = [
    '',
    '',
    `${machine.date.slice(0, 10)}; Node ${machine.node}, ${machine.cpu_model} (${machine.cores} cores, ${machine.memory_gb} GB), R ${machine.r ?? 'not installed'}; load average at start ${load}.`,
    '',
    '```',
    table,
    '```',
    '',
  ].join('\n')
  writeFileSync(file, text.slice(0, a + startMark.length) + body + text.slice(b))
}

async function main() {
  const requested = process.argv.slice(2)
  const available = discover()
  const unknown = requested.filter((n) => !available.includes(n))
  if (unknown.length)
    throw new Error(
      `unknown benchmark(s): ${unknown.join(', ')}; available: ${available.join(', ')}`
    )
  const selected = requested.length ? requested : available.filter((n) => !(n in ON_REQUEST))
  const machine = machineInfo()
  process.stderr.write(
    `Benchmarks: ${selected.join(', ')}\nNode ${machine.node} on ${machine.cpu_model}, ${machine.cores} cores; load average ${machine.load_average_at_start.join(' ')}\n\n`
  )
  const outcomes: Outcome[] = []
  for (const name of selected) {
    process.stderr.write(`== ${name}\n`)
    const outcome = await runModule(name)
    if (outcome.failed) process.stderr.write(`${name} FAILED: ${outcome.failed}\n`)
    process.stderr.write(`(${outcome.wall_seconds} s)\n\n`)
    outcomes.push(outcome)
  }
  const reports = outcomes.flatMap((o) => (o.report ? [o.report] : []))
  const failures = outcomes.filter((o) => o.failed).map((o) => `  ${o.name}: FAILED ${o.failed}`)
  const table =
    formatTable(reports) + (failures.length ? `\n\nFailed:\n${failures.join('\n')}` : '')
  process.stdout.write(`\n${table}\n`)
  if (!requested.length) {
    mkdirSync(path.join(here, 'results'), { recursive: true })
    const results = {
      machine: { ...machine, load_average_at_end: loadAverage() },
      table,
      benchmarks: outcomes,
    }
    writeFileSync(
      path.join(here, 'results', 'latest.json'),
      `${JSON.stringify(results, null, 2)}\n`
    )
    updateReadme(table, machine)
    process.stdout.write('\nWrote bench/results/latest.json\n')
  }
  if (failures.length) process.exitCode = 1
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`)
  process.exit(1)
})
