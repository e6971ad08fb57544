// The API as a separate Node process on 127.0.0.1, for the HTTP half of bench/enrolment-throughput.ts.
// GET /__bench/cpu answers the process's CPU time so far (process.cpuUsage, microseconds): the load benchmark
// divides it by the enrolments served, a cost that does not depend on how busy the machine is.
// Reads BENCH_DATABASE_URL, listens on BENCH_PORT (default 0: an ephemeral port), prints {"port": n} once ready; stops on SIGTERM.
import { serve } from '@hono/node-server'
import { openDatabase } from '../../src/db/client'
import { buildApp } from './enrolment-app'

const url = process.env.BENCH_DATABASE_URL
if (!url) throw new Error('BENCH_DATABASE_URL is required')
const open = await openDatabase({ databaseUrl: url })
const app = buildApp(open.db)
const fetch = (request: Request) =>
  new URL(request.url).pathname === '/__bench/cpu'
    ? Response.json(process.cpuUsage())
    : app.fetch(request)
const server = serve(
  { fetch, port: Number(process.env.BENCH_PORT ?? 0), hostname: '127.0.0.1' },
  (info) => {
    process.stdout.write(`${JSON.stringify({ port: info.port })}\n`)
  }
)
process.on('SIGTERM', () => {
  server.close()
  void open.close().then(() => process.exit(0))
})
