// The API in its own Node process (support/enrolment-server.ts), for the benchmarks that go through HTTP.
import { spawn, type ChildProcess } from 'node:child_process'
import path from 'node:path'

export interface ApiProcess {
  child: ChildProcess
  port: number
  base: string
}

/** Starts the API on 127.0.0.1 (`port` 0: an ephemeral one) and resolves once it listens. */
export function startApiProcess(databaseUrl: string, port = 0): Promise<ApiProcess> {
  const child = spawn(
    process.execPath,
    // BENCH_NODE_ARGS: extra Node options for the API processes, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof".
    [
      ...(process.env.BENCH_NODE_ARGS?.split(' ').filter(Boolean) ?? []),
      '--import',
      'tsx',
      path.join(import.meta.dirname, 'enrolment-server.ts'),
    ],
    {
      cwd: path.resolve(import.meta.dirname, '..', '..'),
      env: { ...process.env, BENCH_DATABASE_URL: databaseUrl, BENCH_PORT: String(port) },
      stdio: ['ignore', 'pipe', 'pipe'],
    }
  )
  return new Promise((resolve, reject) => {
    let stderr = ''
    const timer = setTimeout(
      () => reject(new Error(`API server did not start: ${stderr.slice(-300)}`)),
      30_000
    )
    child.stderr!.on('data', (chunk) => (stderr += String(chunk)))
    child.stdout!.once('data', (chunk) => {
      clearTimeout(timer)
      const listening = (JSON.parse(String(chunk).trim().split('\n')[0]) as { port: number }).port
      resolve({ child, port: listening, base: `http://127.0.0.1:${listening}` })
    })
    child.once('exit', (code) =>
      reject(new Error(`API server exited ${code}: ${stderr.slice(-300)}`))
    )
  })
}

/** Stops a process started by {@link startApiProcess} and waits for it to exit. */
export function stopApiProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return Promise.resolve()
  return new Promise((resolve) => {
    child.once('exit', () => resolve())
    child.kill('SIGTERM')
  })
}
