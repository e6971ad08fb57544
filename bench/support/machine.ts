import { spawnSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import os from 'node:os'
import { rVersion } from './r'
import { findPgbench } from './pgbench'

const loadAverage = () => os.loadavg().map((l) => Number(l.toFixed(2)))

function osRelease(): string {
  try {
    return (
      /PRETTY_NAME="([^"]+)"/.exec(readFileSync('/etc/os-release', 'utf8'))?.[1] ?? os.release()
    )
  } catch {
    return os.release()
  }
}

/**
 * What the figures depend on. The load average matters most on a shared machine: timings taken while other
 * work runs on the same cores are slower, and only comparable with others taken at a similar load.
 */
export function machineInfo() {
  const cpus = os.cpus()
  const pgbench = findPgbench()
  return {
    date: new Date().toISOString(),
    node: process.version,
    v8: process.versions.v8,
    platform: `${os.platform()} ${os.arch()}, ${osRelease()}, kernel ${os.release()}`,
    cpu_model: cpus[0]?.model ?? 'unknown',
    cores: cpus.length,
    memory_gb: Number((os.totalmem() / 2 ** 30).toFixed(1)),
    load_average_at_start: loadAverage(),
    r: rVersion(),
    pgbench: pgbench ? spawnSync(pgbench, ['--version'], { encoding: 'utf8' }).stdout.trim() : null,
  }
}

export { loadAverage }
