import { availableParallelism } from 'node:os'
import { Worker } from 'node:worker_threads'
import { deserialiseError, type SerialisedError } from './remote-error'
import type { TaskArgs, TaskName, TaskResult } from './tasks'

interface Pending {
  resolve(value: unknown): void
  reject(err: Error): void
}

interface Slot {
  worker: Worker
  busy: (Pending & { id: number }) | null
}

interface Queued extends Pending {
  id: number
  task: TaskName
  args: unknown[]
}

interface WorkerPoolOptions {
  /** Threads; default: one fewer than the cores (at least 1), at most 4. */
  size?: number
}

/** A JavaScript entry that loads the TypeScript task runner through tsx. */
const workerUrl = new URL('./worker-entry.mjs', import.meta.url)

/**
 * A small pool of `node:worker_threads` running the tasks of `tasks.ts`, so a 5,000-simulation
 * diagnosis or a randomisation test never holds the event loop that answers /healthz and
 * enrolments. Jobs queue first-in first-out; each thread runs one job at a time. A thread that
 * dies (out of memory, a crash) fails its job with an error and is replaced. Threads are unref'd:
 * they never keep the process alive. Threads load TypeScript through tsx, as the server does.
 */
export class WorkerPool {
  private readonly slots: Slot[] = []
  private readonly queue: Queued[] = []
  private nextId = 1
  private closed = false
  readonly size: number

  constructor(options: WorkerPoolOptions = {}) {
    this.size = options.size ?? Math.min(4, Math.max(1, availableParallelism() - 1))
  }

  run<T extends TaskName>(task: T, args: TaskArgs<T>): Promise<TaskResult<T>> {
    if (this.closed) return Promise.reject(new Error('the worker pool is closed'))
    return new Promise((resolve, reject) => {
      this.queue.push({
        id: this.nextId++,
        task,
        args: args as unknown[],
        resolve: resolve as (v: unknown) => void,
        reject,
      })
      this.pump()
    })
  }

  /** Jobs waiting for a thread. */
  get waiting(): number {
    return this.queue.length
  }

  async close(): Promise<void> {
    this.closed = true
    for (const q of this.queue.splice(0)) q.reject(new Error('the worker pool is closed'))
    await Promise.all(this.slots.splice(0).map((s) => s.worker.terminate()))
  }

  private pump(): void {
    while (this.queue.length) {
      let slot = this.slots.find((s) => !s.busy)
      if (!slot && this.slots.length < this.size) slot = this.spawn()
      if (!slot) return
      const job = this.queue.shift()!
      slot.busy = { id: job.id, resolve: job.resolve, reject: job.reject }
      slot.worker.ref()
      slot.worker.postMessage({ id: job.id, task: job.task, args: job.args })
    }
  }

  private spawn(): Slot {
    const worker = new Worker(workerUrl)
    worker.unref()
    const slot: Slot = { worker, busy: null }
    worker.on(
      'message',
      (msg: { id: number; ok: boolean; value?: unknown; error?: SerialisedError }) => {
        const job = slot.busy
        if (!job || job.id !== msg.id) return
        slot.busy = null
        worker.unref()
        if (msg.ok) job.resolve(msg.value)
        else job.reject(deserialiseError(msg.error!))
        this.pump()
      }
    )
    const fail = (err: Error) => {
      const i = this.slots.indexOf(slot)
      if (i >= 0) this.slots.splice(i, 1)
      const job = slot.busy
      slot.busy = null
      job?.reject(err)
      if (!this.closed) this.pump()
    }
    worker.on('error', fail)
    worker.on('exit', (code) => fail(new Error(`a compute thread exited with code ${code}`)))
    this.slots.push(slot)
    return slot
  }
}
