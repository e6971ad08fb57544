import { DomainError } from '../../analysis'

/**
 * The planned analysis run has no usable primary comparison to rate (none in the plan, the chosen
 * arm is not compared, or the data could not support the comparison or its attrition).
 *
 * @example
 * throw new NoPrimaryComparisonError('the primary comparison failed: too-few-units', { arm: 'mediation' })
 */
export class NoPrimaryComparisonError extends DomainError {
  override readonly code: string = 'no-primary-comparison'
}

/**
 * A multi-arm trial is rated one treatment arm at a time; the caller must say which.
 *
 * @example
 * throw new ArmRequiredError('choose one of: letter, call', { arms: ['letter', 'call'] })
 */
export class ArmRequiredError extends DomainError {
  override readonly code: string = 'arm-required'
}

/**
 * The analysis report contradicts itself (e.g. per-arm attrition shares that do not give whole
 * numbers of households), so no facts can be measured from it.
 *
 * @example
 * throw new InconsistentReportError('attrition shares do not match the arm sizes', { arm: 'control' })
 */
export class InconsistentReportError extends DomainError {
  override readonly code: string = 'inconsistent-report'
}
