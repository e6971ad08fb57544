import { ProblemError } from '../problem'
import { estimateCost, tasks, type TaskArgs, type TaskName, type TaskResult } from './tasks'

export { estimateCost, type TaskName } from './tasks'

/** Where CPU-heavy tasks run: a worker pool on Node, in place on Workers and in tests. */
export interface ComputeBackend {
  run<T extends TaskName>(task: T, args: TaskArgs<T>): Promise<TaskResult<T>>
}

/** Runs tasks in place, on the request's own thread. */
export function inlineCompute(): ComputeBackend {
  return {
    async run(task, args) {
      const run = tasks[task] as (...a: unknown[]) => TaskResult<typeof task>
      return run(...(args as unknown[]))
    },
  }
}

/**
 * Refuses, up front, any task whose estimated cost (`estimateCost`, in unit-draws: households x
 * simulations for a diagnosis, rows x resamples for an analysis) is above `budget`: 422 with the
 * estimate and the limit, before any CPU is spent. On Workers (no threads) a request that overruns
 * the platform's CPU limit is killed without a response; on Node one huge request would hold a
 * pool thread for minutes.
 */
export function withBudget(backend: ComputeBackend, budget: number): ComputeBackend {
  return {
    run(task, args) {
      const cost = estimateCost(task, args)
      if (cost > budget)
        return Promise.reject(
          new ProblemError(
            422,
            'over-cpu-budget',
            `this ${task} needs about ${cost.toLocaleString('en-GB')} unit-draws; one request may use at most ${budget.toLocaleString('en-GB')} here (ask for fewer simulations or households)`,
            { task, estimated_cost: cost, budget }
          )
        )
      return backend.run(task, args)
    },
  }
}

let backend: ComputeBackend = inlineCompute()

/** Chooses where `compute()` runs tasks: the Node server installs a worker pool at start. */
export function useComputeBackend(next: ComputeBackend): ComputeBackend {
  const previous = backend
  backend = next
  return previous
}

/**
 * Runs one CPU-heavy pure function (design diagnosis, the analysis plan with its randomisation
 * inference, exploratory analyses, meta-analytic pooling) off the request path where the platform
 * allows it. Whichever backend runs it, it is the same pure function with the same arguments.
 */
export function compute<T extends TaskName>(task: T, ...args: TaskArgs<T>): Promise<TaskResult<T>> {
  return backend.run(task, args)
}

/**
 * CPU budget of one request on Cloudflare Workers, in unit-draws: about 2.5 s of CPU at the
 * measured 2.4 us per simulated household (a 5,000-simulation diagnosis of 1,100 households took
 * 13 s), inside the platform's per-request CPU limit.
 */
export const WORKERS_CPU_BUDGET = 1_000_000

/** CPU budget of one request on the Node server, in unit-draws: about a minute of one pool thread. */
export const NODE_CPU_BUDGET = 25_000_000
