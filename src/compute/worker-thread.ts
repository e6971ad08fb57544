import { parentPort } from 'node:worker_threads'
import { serialiseError } from './remote-error'
import { tasks, type TaskName } from './tasks'

/** One message from the pool: run `task` with `args`, answer with the same `id`. */
interface Job {
  id: number
  task: TaskName
  args: unknown[]
}

parentPort!.on('message', (job: Job) => {
  try {
    const run = tasks[job.task] as (...args: unknown[]) => unknown
    parentPort!.postMessage({ id: job.id, ok: true, value: run(...job.args) })
  } catch (err) {
    parentPort!.postMessage({ id: job.id, ok: false, error: serialiseError(err) })
  }
})
