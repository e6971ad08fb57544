import { z } from 'zod'
import { powerAnalysis } from '../../power'
import type { EstimatorDescriptor } from './descriptor'

const powerAlpha = z.number().gt(0).lt(1).default(0.05).describe('Significance level')

const alternative = z
  .enum(['two.sided', 'greater'])
  .default('two.sided')
  .describe('Alternative hypothesis')

const probability = z.number().gt(0).lt(1)

const powerMeansSpec = z
  .strictObject({
    estimator: z.literal('power'),
    test: z.literal('two_sample_means'),
    d: z
      .number()
      .refine((v) => v !== 0, 'd must not be 0')
      .optional()
      .describe("Effect size (Cohen's d)"),
    n: z.number().gt(1).optional().describe('Units per arm (not rounded when solved for)'),
    power: probability.optional().describe('Power'),
    alpha: powerAlpha,
    alternative,
  })
  .superRefine((s, ctx) => {
    const missing = [s.d, s.n, s.power].filter((v) => v === undefined).length
    if (missing !== 1)
      ctx.addIssue({
        code: 'custom',
        path: ['test'],
        message: 'leave out exactly one of d, n and power: it is solved for',
      })
  })
  .describe('pwr::pwr.t.test(type = "two.sample")')

const powerProportionsSpec = z
  .strictObject({
    estimator: z.literal('power'),
    test: z.literal('two_proportions'),
    p1: probability.describe('Outcome proportion in the treatment arm'),
    p0: probability.describe('Outcome proportion in the control arm'),
    n: z.number().gt(1).optional().describe('Units per arm'),
    power: probability.optional().describe('Power'),
    alpha: powerAlpha,
    alternative,
  })
  .superRefine((s, ctx) => {
    if ((s.n === undefined) === (s.power === undefined)) {
      ctx.addIssue({
        code: 'custom',
        path: ['test'],
        message: 'give exactly one of n and power: the other is solved for',
      })
    }
    if (s.p1 === s.p0)
      ctx.addIssue({ code: 'custom', path: ['p1'], message: 'p1 and p0 must differ' })
  })
  .describe('pwr::pwr.2p.test with h = ES.h(p1, p0)')

const clusterMdesSpec = z
  .strictObject({
    estimator: z.literal('power'),
    test: z.literal('cluster_mdes'),
    clusters_per_arm: z.number().int().min(2).describe('Clusters in each arm'),
    cluster_size: z.number().gt(0).describe('Mean units per cluster'),
    icc: z.number().min(0).max(1).describe('Intra-cluster correlation'),
    alpha: powerAlpha,
    power: probability.default(0.8).describe('Power'),
  })
  .describe('Minimum detectable effect size (SD units) of a two-arm cluster trial')

const powerSpec = z.discriminatedUnion('test', [
  powerMeansSpec,
  powerProportionsSpec,
  clusterMdesSpec,
])

/**
 * Power, sample size and minimum detectable effect calculations, from the numbers in the spec.
 *
 * @example
 * powerEstimator.spec.parse({ estimator: 'power', test: 'two_sample_means', d: 0.3, power: 0.8 }).alpha // 0.05
 */
export const powerEstimator: EstimatorDescriptor<'power', typeof powerSpec, false> = {
  name: 'power',
  spec: powerSpec,
  run: { input: 'spec', analyse: powerAnalysis },
  outcomes: [],
  effect: null,
  plannable: false,
}
