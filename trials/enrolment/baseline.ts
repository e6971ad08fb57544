import type { Protocol } from '../protocol/schema'

/** One problem with a household's baseline values; `field` is the covariate name. */
export interface BaselineProblem {
  field: string
  code: 'unknown-covariate' | 'required' | 'wrong-type' | 'not-allowed-value'
  message: string
  allowed?: ReadonlyArray<string | number | boolean>
}

export type BaselineValue = string | number | null

/**
 * The fields randomisation reads (strata, cluster, minimisation factors): they must be present
 * at enrolment, whereas other covariates may be recorded later.
 *
 * @example
 * fieldsNeededToRandomise(protocol) // ['council_area', 'household_type']
 */
export function fieldsNeededToRandomise(protocol: Protocol): string[] {
  const r = protocol.randomisation
  const fields = [
    ...(r.strata ?? []),
    ...(r.cluster ? [r.cluster] : []),
    ...(r.minimisation?.factors ?? []),
  ]
  return [...new Set(fields)]
}

/**
 * Checks a household's baseline values against the protocol's declared covariates, listing every
 * problem: undeclared fields (which is also how personal data is kept out: only declared,
 * non-identifying variables are accepted), values of the wrong type (binary 0/1, count a
 * non-negative integer, continuous a finite number, categorical one of its levels) and missing
 * fields that randomisation needs.
 *
 * @example
 * checkBaseline(protocol, { council_area: 'leeds', household_type: 'single_under_25', age_head: 19 }) // []
 */
export function checkBaseline(
  protocol: Protocol,
  baseline: Record<string, unknown>
): BaselineProblem[] {
  const problems: BaselineProblem[] = []
  const declared = new Map(protocol.covariates.map((c) => [c.name, c]))
  for (const [field, value] of Object.entries(baseline)) {
    const covariate = declared.get(field)
    if (!covariate) {
      problems.push({
        field,
        code: 'unknown-covariate',
        message: `${field} is not a baseline covariate of this protocol`,
        allowed: [...declared.keys()],
      })
      continue
    }
    if (value === null) continue
    switch (covariate.type) {
      case 'binary':
        if (value !== 0 && value !== 1)
          problems.push({ field, code: 'wrong-type', message: `${field} is binary: 0 or 1` })
        break
      case 'count':
        if (typeof value !== 'number' || !Number.isInteger(value) || value < 0)
          problems.push({
            field,
            code: 'wrong-type',
            message: `${field} is a count: a whole number of at least 0`,
          })
        break
      case 'continuous':
        if (typeof value !== 'number' || !Number.isFinite(value))
          problems.push({
            field,
            code: 'wrong-type',
            message: `${field} is continuous: a finite number`,
          })
        break
      case 'categorical':
        if (typeof value !== 'string' || value === '')
          problems.push({
            field,
            code: 'wrong-type',
            message: `${field} is categorical: a non-empty label`,
          })
        else if (/[,"\r\n]/.test(value))
          problems.push({
            field,
            code: 'wrong-type',
            message: `${field} labels may not contain commas, quotes or line breaks`,
          })
        else if (covariate.levels && !covariate.levels.includes(value))
          problems.push({
            field,
            code: 'not-allowed-value',
            message: `${field} must be one of ${covariate.levels.join(', ')}`,
            allowed: covariate.levels,
          })
        break
    }
  }
  for (const field of fieldsNeededToRandomise(protocol)) {
    if (baseline[field] === undefined || baseline[field] === null)
      problems.push({
        field,
        code: 'required',
        message: `${field} is needed to randomise the household`,
      })
  }
  return problems
}
