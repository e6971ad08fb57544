import { z } from 'zod'
import { differenceInMeans } from '../difference-in-means'
import { ANY_OUTCOME, type EstimatorDescriptor } from './descriptor'
import { treatmentFields, blocks, clusters, checkArms } from './spec-fields'

const differenceInMeansSpec = z
  .strictObject({
    estimator: z.literal('difference_in_means'),
    ...treatmentFields,
    blocks,
    clusters,
  })
  .superRefine(checkArms)
  .describe(
    'estimatr::difference_in_means with its design rules (Neyman, blocked, matched pairs, clustered)'
  )

/**
 * The difference in means with the design-based standard errors of estimatr (Gerber & Green 2012, ch. 3).
 *
 * @example
 * differenceInMeansEstimator.spec.parse({ estimator: 'difference_in_means', outcome: 'homeless_6m', treatment: 'arm' }).alpha // 0.05
 */
export const differenceInMeansEstimator: EstimatorDescriptor<
  'difference_in_means',
  typeof differenceInMeansSpec,
  true
> = {
  name: 'difference_in_means',
  spec: differenceInMeansSpec,
  run: { input: 'table', analyse: differenceInMeans },
  outcomes: ANY_OUTCOME,
  effect: { scale: 'difference', field: 'estimate' },
  plannable: true,
}
