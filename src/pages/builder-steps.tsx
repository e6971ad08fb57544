import type { Child } from 'hono/jsx'
import { randomisationObjectSchema } from '../../trials/randomisation'
import { Radios, Select, TextInput, Textarea, bound, errorFor, type FieldError } from './components'
import { ESTIMATOR_WORDS, RANDOMISATION_WORDS, humanise } from './words'
import {
  Row,
  clean,
  filled,
  lines,
  list,
  number,
  segments,
  text,
  type Draft,
  type Form,
  type Step,
} from './builder-form'
import { harms, registryDetails, registryFieldWords } from './builder-steps-registry'

export type { Draft, Form, Step } from './builder-form'

const ARM_ROWS = 4
const COVARIATE_ROWS = 6
const HYPOTHESIS_ROWS = 3
const ANALYSIS_ROWS = 4
const OUTCOMES = ['o1', 'o2', 'o3']

const outcomeOptions = (draft: Draft) => [
  { value: '', text: 'Choose an outcome' },
  ...[draft.primary_outcome, ...(draft.secondary_outcomes ?? [])]
    .filter((o): o is { name: string; label?: string } => Boolean(o?.name))
    .map((o) => ({ value: o.name, text: o.label ?? humanise(o.name) })),
]

export const about: Step = {
  slug: 'about',
  caption: 'About the trial',
  heading: 'What is the trial called, and what does it test?',
  read: (d) => ({ title: d.title ?? '', summary: d.summary ?? '' }),
  fields: (v, e) => (
    <>
      <TextInput id='title' label='Trial title' value={v.title} error={errorFor(e, 'title')} />
      <Textarea
        {...bound(v, e, 'summary')}
        label='Summary in plain English'
        hint='Who takes part, what they are offered, and what you will measure.'
        rows={5}
      />
    </>
  ),
  apply: (d, f) => {
    const errors: FieldError[] = []
    if (!text(f, 'title')) errors.push({ field: 'title', text: 'Enter the trial title' })
    return { draft: clean({ ...d, title: text(f, 'title'), summary: text(f, 'summary') }), errors }
  },
  fieldOf: (p) => (segments(p)[0] === 'summary' ? 'summary' : 'title'),
}

export const arms: Step = {
  slug: 'arms',
  caption: 'Arms',
  heading: 'What are the arms, and in what ratio are households allocated?',
  read: (d) => {
    const v: Form = {}
    const ratios = new Map((d.randomisation?.arms ?? []).map((a: any) => [a?.name, a?.ratio]))
    ;(d.arms ?? []).forEach((a: any, i: number) => {
      v[`arm-${i + 1}-name`] = a?.name ?? ''
      v[`arm-${i + 1}-description`] = a?.description ?? ''
      v[`arm-${i + 1}-ratio`] = ratios.get(a?.name) !== undefined ? String(ratios.get(a?.name)) : ''
      if (a?.control) v.control = String(i + 1)
    })
    return v
  },
  fields: (v, e) => (
    <>
      {Array.from({ length: ARM_ROWS }, (_, k) => {
        const n = k + 1
        return (
          <Row title={`Arm ${n}${n > 2 ? ' (optional)' : ''}`}>
            <TextInput
              {...bound(v, e, `arm-${n}-name`)}
              label='Short name'
              hint='Lower case with underscores, like family_mediation'
              width='20'
              spellcheck={false}
            />
            <TextInput
              {...bound(v, e, `arm-${n}-description`)}
              label='What households in this arm receive'
            />
            <TextInput
              {...bound(v, e, `arm-${n}-ratio`)}
              label='Allocation ratio'
              hint='Whole number; 1 and 1 means equal arms'
              width='3'
              inputmode='numeric'
            />
          </Row>
        )
      })}
      <Radios
        {...bound(v, e, 'control')}
        label='Which arm is the control?'
        inline
        options={Array.from({ length: ARM_ROWS }, (_, k) => ({
          value: String(k + 1),
          text: v[`arm-${k + 1}-name`]
            ? `Arm ${k + 1}: ${humanise(v[`arm-${k + 1}-name`]!)}`
            : `Arm ${k + 1}`,
        }))}
      />
    </>
  ),
  apply: (d, f) => {
    const errors: FieldError[] = []
    const rows = Array.from({ length: ARM_ROWS }, (_, k) => k + 1).filter((n) =>
      filled(f, `arm-${n}`, ['name', 'description', 'ratio'])
    )
    const armList = rows.map((n) =>
      clean({
        name: text(f, `arm-${n}-name`),
        description: text(f, `arm-${n}-description`),
        control: f.control === String(n),
      })
    )
    const ratios = rows.map((n) =>
      clean({
        name: text(f, `arm-${n}-name`),
        ratio: number(f, `arm-${n}-ratio`, errors, 'The ratio', true),
      })
    )
    if (rows.length < 2) errors.push({ field: 'arm-1-name', text: 'Enter at least two arms' })
    if (!f.control || !rows.includes(Number(f.control)))
      errors.push({ field: 'control', text: 'Select which arm is the control' })
    return {
      draft: { ...d, arms: armList, randomisation: { ...(d.randomisation ?? {}), arms: ratios } },
      errors,
    }
  },
  fieldOf: (p) => {
    const s = segments(p)
    const i =
      s[0] === 'arms' ? s[1] : s[0] === 'randomisation' && s[1] === 'arms' ? s[2] : undefined
    if (i === undefined || !/^\d+$/.test(i)) return s.includes('control') ? 'control' : 'arm-1-name'
    const leaf = s[0] === 'arms' ? s[2] : s[3]
    return leaf === 'control'
      ? 'control'
      : `arm-${Number(i) + 1}-${leaf === 'ratio' ? 'ratio' : leaf === 'description' ? 'description' : 'name'}`
  },
}

const CLUSTER_TYPES = ['caseworker', 'team', 'office', 'hostel', 'council_area', 'other']

export const eligibility: Step = {
  slug: 'eligibility',
  caption: 'Who takes part',
  heading: 'What is randomised, and who is eligible?',
  read: (d) => ({
    unit: d.unit_of_randomisation ?? '',
    cluster_type: d.cluster_type ?? '',
    inclusion: (d.eligibility?.inclusion ?? []).join('\n'),
    exclusion: (d.eligibility?.exclusion ?? []).join('\n'),
  }),
  fields: (v, e) => (
    <>
      <Radios
        {...bound(v, e, 'unit')}
        label='What is randomised?'
        options={[
          { value: 'household', text: 'Households, one by one' },
          { value: 'cluster', text: 'Whole groups (clusters), such as caseworkers or offices' },
        ]}
      />
      <Select
        {...bound(v, e, 'cluster_type')}
        label='If clusters: what is a cluster?'
        options={[
          { value: '', text: 'Not a cluster trial' },
          ...CLUSTER_TYPES.map((t) => ({ value: t, text: humanise(t) })),
        ]}
      />
      <Textarea
        {...bound(v, e, 'inclusion')}
        label='Households are eligible if all of these hold'
        hint='One criterion per line'
      />
      <Textarea
        {...bound(v, e, 'exclusion')}
        label='Households are not eligible if any of these hold'
        hint='One criterion per line; leave empty if none'
      />
    </>
  ),
  apply: (d, f) => {
    const errors: FieldError[] = []
    if (!f.unit) errors.push({ field: 'unit', text: 'Select what is randomised' })
    return {
      draft: clean({
        ...d,
        unit_of_randomisation: f.unit || undefined,
        cluster_type: f.unit === 'cluster' ? f.cluster_type || undefined : undefined,
        eligibility: { inclusion: lines(f.inclusion), exclusion: lines(f.exclusion) },
      }),
      errors,
    }
  },
  fieldOf: (p) => {
    const s = segments(p)
    if (s[0] === 'eligibility') return s[1] === 'exclusion' ? 'exclusion' : 'inclusion'
    return s[0] === 'cluster_type' ? 'cluster_type' : 'unit'
  },
}

export const randomisation: Step = {
  slug: 'randomisation',
  caption: 'Randomisation',
  heading: 'How are households randomised?',
  read: (d) => {
    const r = d.randomisation ?? {}
    const values = (r.strata_values ?? {}) as Record<string, unknown[]>
    return {
      method: r.method ?? '',
      block_sizes: (r.block_sizes ?? []).join(', '),
      strata: (r.strata ?? [])
        .map((s: string) => `${s}: ${(values[s] ?? []).join(', ')}`)
        .join('\n'),
      cluster: r.cluster ?? '',
    }
  },
  fields: (v, e) => (
    <>
      <Radios
        {...bound(v, e, 'method')}
        label='Randomisation method'
        options={randomisationObjectSchema.shape.method.options.map((m: string) => ({
          value: m,
          text: RANDOMISATION_WORDS[m] ?? humanise(m),
        }))}
      />
      <TextInput
        {...bound(v, e, 'block_sizes')}
        label='Block sizes'
        hint='For block and cluster methods: sizes separated by commas, each a multiple of the ratios’ total, like 4, 6'
        width='10'
      />
      <Textarea
        {...bound(v, e, 'strata')}
        label='Strata and their values'
        hint='One stratum per line: its covariate name, a colon, then its values separated by commas, like household_type: single, family'
      />
      <TextInput
        {...bound(v, e, 'cluster')}
        label='Cluster field (cluster designs only)'
        hint='The covariate that names each household’s cluster, like caseworker'
        width='20'
      />
    </>
  ),
  apply: (d, f) => {
    const errors: FieldError[] = []
    if (!f.method) errors.push({ field: 'method', text: 'Select a randomisation method' })
    const blocks = list(f.block_sizes).map((b) => (/^\d+$/.test(b) ? Number(b) : NaN))
    if (blocks.some((b) => Number.isNaN(b)))
      errors.push({
        field: 'block_sizes',
        text: 'Block sizes must be whole numbers separated by commas, like 4, 6',
      })
    const strata: string[] = []
    const values: Record<string, string[]> = {}
    for (const line of lines(f.strata)) {
      const [name, rest] = line.split(/:(.*)/s)
      if (!name?.trim() || rest === undefined) {
        errors.push({
          field: 'strata',
          text: `Write each stratum as name: value, value (not "${line}")`,
        })
        continue
      }
      strata.push(name.trim())
      values[name.trim()] = list(rest)
    }
    const r = { ...(d.randomisation ?? {}) }
    return {
      draft: {
        ...d,
        randomisation: clean({
          ...r,
          method: f.method || undefined,
          block_sizes: blocks.length && !blocks.some(Number.isNaN) ? blocks : undefined,
          strata: strata.length ? strata : undefined,
          strata_values: strata.length ? values : undefined,
          cluster: text(f, 'cluster'),
        }),
      },
      errors,
    }
  },
  fieldOf: (p) => {
    const s = segments(p)
    if (s[1] === 'block_sizes') return 'block_sizes'
    if (s[1] === 'strata' || s[1] === 'strata_values') return 'strata'
    if (s[1] === 'cluster') return 'cluster'
    return 'method'
  },
}

const ANCHORS = [
  'randomisation',
  'referral',
  'release_from_prison',
  'hospital_discharge',
  'tenancy_start',
]

export const outcomes: Step = {
  slug: 'outcomes',
  caption: 'Outcomes',
  heading: 'What will you measure, and when?',
  read: (d) => {
    const v: Form = {}
    ;[d.primary_outcome, ...(d.secondary_outcomes ?? [])].forEach((o: any, i: number) => {
      if (!o || i >= OUTCOMES.length) return
      const p = OUTCOMES[i]
      v[`${p}-name`] = o.name ?? ''
      v[`${p}-label`] = o.label ?? ''
      v[`${p}-type`] = o.type ?? ''
      v[`${p}-unit`] = o.unit ?? ''
      v[`${p}-definition`] = o.definition ?? ''
      v[`${p}-anchor`] = o.time_point?.anchor ?? ''
      v[`${p}-offset`] = o.time_point?.offset ?? ''
      v[`${p}-when`] = o.time_point?.label ?? ''
      v[`${p}-source`] = o.data_source ?? ''
    })
    return v
  },
  fields: (v, e) => (
    <>
      {OUTCOMES.map((p, i) => (
        <Row title={i === 0 ? 'Primary outcome' : `Secondary outcome ${i} (optional)`}>
          <TextInput
            {...bound(v, e, `${p}-name`)}
            label='Short name'
            hint='Like homeless_6m'
            width='20'
            spellcheck={false}
          />
          <TextInput {...bound(v, e, `${p}-label`)} label='Label' hint='How results will name it' />
          <Select
            {...bound(v, e, `${p}-type`)}
            label='Type'
            options={[
              { value: '', text: 'Choose' },
              { value: 'binary', text: 'Binary (0 or 1)' },
              { value: 'continuous', text: 'Continuous' },
              { value: 'count', text: 'Count' },
            ]}
          />
          <TextInput
            {...bound(v, e, `${p}-unit`)}
            label='Unit'
            hint='Like household or days'
            width='20'
          />
          <Textarea {...bound(v, e, `${p}-definition`)} label='Definition' rows={3} />
          <Select
            {...bound(v, e, `${p}-anchor`)}
            label='Measured from'
            options={[
              { value: '', text: 'Choose' },
              ...ANCHORS.map((a) => ({ value: a, text: humanise(a) })),
            ]}
          />
          <TextInput
            {...bound(v, e, `${p}-offset`)}
            label='Time point'
            hint='An ISO 8601 duration after that event, like P6M for 6 months or P26W for 26 weeks'
            width='5'
            spellcheck={false}
          />
          <TextInput
            {...bound(v, e, `${p}-when`)}
            label='Time point in words'
            hint='Like within 6 months of randomisation'
          />
          <TextInput {...bound(v, e, `${p}-source`)} label='Data source' />
        </Row>
      ))}
    </>
  ),
  apply: (d, f) => {
    const errors: FieldError[] = []
    const keys = [
      'name',
      'label',
      'type',
      'unit',
      'definition',
      'anchor',
      'offset',
      'when',
      'source',
    ]
    const read = (p: string) =>
      clean({
        name: text(f, `${p}-name`),
        label: text(f, `${p}-label`),
        type: text(f, `${p}-type`),
        unit: text(f, `${p}-unit`),
        definition: text(f, `${p}-definition`),
        time_point: clean({
          anchor: text(f, `${p}-anchor`),
          offset: text(f, `${p}-offset`),
          label: text(f, `${p}-when`),
        }),
        data_source: text(f, `${p}-source`),
      })
    if (!filled(f, 'o1', keys)) errors.push({ field: 'o1-name', text: 'Enter the primary outcome' })
    return {
      draft: {
        ...d,
        primary_outcome: read('o1'),
        secondary_outcomes: OUTCOMES.slice(1)
          .filter((p) => filled(f, p, keys))
          .map(read),
      },
      errors,
    }
  },
  fieldOf: (p) => {
    const s = segments(p)
    const prefix =
      s[0] === 'primary_outcome'
        ? 'o1'
        : s[0] === 'secondary_outcomes' && /^\d+$/.test(s[1] ?? '')
          ? (OUTCOMES[Number(s[1]) + 1] ?? 'o1')
          : 'o1'
    const rest = s[0] === 'primary_outcome' ? s.slice(1) : s.slice(2)
    const leaf =
      rest[0] === 'time_point'
        ? (({ anchor: 'anchor', offset: 'offset', label: 'when' } as Record<string, string>)[
            rest[1] ?? ''
          ] ?? 'offset')
        : rest[0] === 'data_source'
          ? 'source'
          : (rest[0] ?? 'name')
    return `${prefix}-${['name', 'label', 'type', 'unit', 'definition', 'anchor', 'offset', 'when', 'source'].includes(leaf) ? leaf : 'name'}`
  },
}

export const covariates: Step = {
  slug: 'covariates',
  caption: 'Baseline covariates',
  heading: 'What is recorded about each household before randomisation?',
  read: (d) => {
    const v: Form = {}
    ;(d.covariates ?? []).forEach((c: any, i: number) => {
      const n = i + 1
      v[`cov-${n}-name`] = c?.name ?? ''
      v[`cov-${n}-label`] = c?.label ?? ''
      v[`cov-${n}-type`] = c?.type ?? ''
      v[`cov-${n}-levels`] = (c?.levels ?? []).join(', ')
      v[`cov-${n}-unit`] = c?.unit ?? ''
    })
    return v
  },
  fields: (v, e) => (
    <>
      <p class='govuk-body'>
        Include every stratum and cluster field, and any covariate the analysis adjusts for. Never
        record names or other direct identifiers.
      </p>
      {Array.from({ length: COVARIATE_ROWS }, (_, k) => {
        const n = k + 1
        return (
          <Row title={`Covariate ${n}${n > 1 ? ' (optional)' : ''}`}>
            <TextInput
              {...bound(v, e, `cov-${n}-name`)}
              label='Short name'
              hint='Like age_head'
              width='20'
              spellcheck={false}
            />
            <TextInput {...bound(v, e, `cov-${n}-label`)} label='Label' />
            <Select
              {...bound(v, e, `cov-${n}-type`)}
              label='Type'
              options={[
                { value: '', text: 'Choose' },
                { value: 'binary', text: 'Binary (0 or 1)' },
                { value: 'continuous', text: 'Continuous' },
                { value: 'count', text: 'Count' },
                { value: 'categorical', text: 'Categorical (labels)' },
              ]}
            />
            <TextInput
              {...bound(v, e, `cov-${n}-levels`)}
              label='Categorical only: its values'
              hint='Separated by commas'
            />
            <TextInput {...bound(v, e, `cov-${n}-unit`)} label='Unit (optional)' width='20' />
          </Row>
        )
      })}
    </>
  ),
  apply: (d, f) => {
    const rows = Array.from({ length: COVARIATE_ROWS }, (_, k) => k + 1).filter((n) =>
      filled(f, `cov-${n}`, ['name', 'label', 'type', 'levels', 'unit'])
    )
    return {
      draft: {
        ...d,
        covariates: rows.map((n) =>
          clean({
            name: text(f, `cov-${n}-name`),
            label: text(f, `cov-${n}-label`),
            type: text(f, `cov-${n}-type`),
            levels: list(f[`cov-${n}-levels`]).length ? list(f[`cov-${n}-levels`]) : undefined,
            unit: text(f, `cov-${n}-unit`),
          })
        ),
      },
      errors: [],
    }
  },
  fieldOf: (p) => {
    const s = segments(p)
    const i = /^\d+$/.test(s[1] ?? '') ? Number(s[1]) + 1 : 1
    const leaf = ['name', 'label', 'type', 'levels', 'unit'].includes(s[2] ?? '') ? s[2] : 'name'
    return `cov-${i}-${leaf}`
  },
}

export const hypotheses: Step = {
  slug: 'hypotheses',
  caption: 'Hypotheses',
  heading: 'What do you expect the intervention to change?',
  read: (d) => {
    const v: Form = {}
    ;(d.hypotheses ?? []).forEach((h: any, i: number) => {
      const n = i + 1
      v[`hyp-${n}-name`] = h?.name ?? ''
      v[`hyp-${n}-outcome`] = h?.outcome ?? ''
      v[`hyp-${n}-direction`] = h?.direction ?? ''
      v[`hyp-${n}-statement`] = h?.statement ?? ''
    })
    return v
  },
  fields: (v, e, d) => (
    <>
      {Array.from({ length: HYPOTHESIS_ROWS }, (_, k) => {
        const n = k + 1
        return (
          <Row title={`Hypothesis ${n}${n > 1 ? ' (optional)' : ''}`}>
            <TextInput
              {...bound(v, e, `hyp-${n}-name`)}
              label='Short name'
              hint='Like h1_homelessness'
              width='20'
              spellcheck={false}
            />
            <Select
              {...bound(v, e, `hyp-${n}-outcome`)}
              label='Outcome'
              options={outcomeOptions(d)}
            />
            <Select
              {...bound(v, e, `hyp-${n}-direction`)}
              label='Expected direction (intervention compared with control)'
              options={[
                { value: '', text: 'Choose' },
                { value: 'decrease', text: 'Decrease' },
                { value: 'increase', text: 'Increase' },
                { value: 'either', text: 'Either direction' },
              ]}
            />
            <Textarea
              {...bound(v, e, `hyp-${n}-statement`)}
              label='The hypothesis in words'
              rows={2}
            />
          </Row>
        )
      })}
    </>
  ),
  apply: (d, f) => {
    const rows = Array.from({ length: HYPOTHESIS_ROWS }, (_, k) => k + 1).filter((n) =>
      filled(f, `hyp-${n}`, ['name', 'outcome', 'direction', 'statement'])
    )
    const errors: FieldError[] = rows.length
      ? []
      : [{ field: 'hyp-1-name', text: 'Enter at least one hypothesis' }]
    return {
      draft: {
        ...d,
        hypotheses: rows.map((n) =>
          clean({
            name: text(f, `hyp-${n}-name`),
            outcome: text(f, `hyp-${n}-outcome`),
            direction: text(f, `hyp-${n}-direction`),
            statement: text(f, `hyp-${n}-statement`),
          })
        ),
      },
      errors,
    }
  },
  fieldOf: (p) => {
    const s = segments(p)
    const i = /^\d+$/.test(s[1] ?? '') ? Number(s[1]) + 1 : 1
    const leaf = ['name', 'outcome', 'direction', 'statement'].includes(s[2] ?? '') ? s[2] : 'name'
    return `hyp-${i}-${leaf}`
  },
}

/** Estimators an analysis plan may name for a planned comparison of arms. */
const PLAN_ESTIMATORS = [
  'lin',
  'ols',
  'difference_in_means',
  'logistic',
  'risk_difference',
  'risk_ratio',
  'welch_t',
  'fisher_exact',
  'randomisation_inference',
]
const ADJUSTING = new Set(['lin', 'ols', 'logistic'])
const ROBUST = new Set(['lin', 'ols', 'difference_in_means'])

export const analysis: Step = {
  slug: 'analysis',
  caption: 'Analysis plan',
  heading: 'How will the results be analysed?',
  read: (d) => {
    const v: Form = { missing_data: d.analysis_plan?.missing_data ?? '' }
    ;(d.analysis_plan?.analyses ?? []).forEach((a: any, i: number) => {
      const n = i + 1
      v[`an-${n}-name`] = a?.name ?? ''
      v[`an-${n}-role`] = a?.role ?? ''
      v[`an-${n}-estimator`] = a?.spec?.estimator ?? ''
      v[`an-${n}-outcome`] = a?.spec?.outcome ?? ''
      v[`an-${n}-covariates`] = (a?.spec?.covariates ?? []).join(', ')
      v[`an-${n}-description`] = a?.description ?? ''
    })
    return v
  },
  fields: (v, e, d) => (
    <>
      {Array.from({ length: ANALYSIS_ROWS }, (_, k) => {
        const n = k + 1
        return (
          <Row title={`Analysis ${n}${n > 1 ? ' (optional)' : ''}`}>
            <TextInput
              {...bound(v, e, `an-${n}-name`)}
              label='Short name'
              hint='Like primary_itt'
              width='20'
              spellcheck={false}
            />
            <TextInput
              {...bound(v, e, `an-${n}-description`)}
              label='Description'
              hint='How results will name this analysis'
            />
            <Select
              {...bound(v, e, `an-${n}-role`)}
              label='Role'
              options={[
                { value: '', text: 'Choose' },
                ...['primary', 'secondary', 'sensitivity', 'exploratory'].map((r) => ({
                  value: r,
                  text: humanise(r),
                })),
              ]}
            />
            <Select
              {...bound(v, e, `an-${n}-estimator`)}
              label='Estimator'
              options={[
                { value: '', text: 'Choose' },
                ...PLAN_ESTIMATORS.map((x) => ({
                  value: x,
                  text: ESTIMATOR_WORDS[x] ?? humanise(x),
                })),
              ]}
            />
            <Select
              {...bound(v, e, `an-${n}-outcome`)}
              label='Outcome'
              options={outcomeOptions(d)}
            />
            <TextInput
              {...bound(v, e, `an-${n}-covariates`)}
              label='Adjust for (regression estimators)'
              hint='Covariate names separated by commas'
            />
          </Row>
        )
      })}
      <Textarea
        {...bound(v, e, 'missing_data')}
        label='How missing outcomes are handled'
        rows={3}
      />
    </>
  ),
  apply: (d, f) => {
    const rows = Array.from({ length: ANALYSIS_ROWS }, (_, k) => k + 1).filter((n) =>
      filled(f, `an-${n}`, ['name', 'role', 'estimator', 'outcome', 'covariates', 'description'])
    )
    const errors: FieldError[] = rows.length
      ? []
      : [{ field: 'an-1-name', text: 'Enter the primary analysis' }]
    const analyses = rows.map((n) => {
      const estimator = text(f, `an-${n}-estimator`)
      const covs = list(f[`an-${n}-covariates`])
      return clean({
        name: text(f, `an-${n}-name`),
        role: text(f, `an-${n}-role`),
        description: text(f, `an-${n}-description`),
        spec: clean({
          estimator,
          outcome: text(f, `an-${n}-outcome`),
          covariates: estimator && ADJUSTING.has(estimator) && covs.length ? covs : undefined,
          se_type: estimator && ROBUST.has(estimator) ? 'HC2' : undefined,
          alpha: 0.05,
        }),
      })
    })
    return {
      draft: {
        ...d,
        analysis_plan: clean({
          families: [],
          ...(d.analysis_plan ?? {}),
          analyses,
          missing_data: text(f, 'missing_data'),
        }),
      },
      errors,
    }
  },
  fieldOf: (p) => {
    const s = segments(p)
    if (s[1] === 'missing_data') return 'missing_data'
    const i = s[1] === 'analyses' && /^\d+$/.test(s[2] ?? '') ? Number(s[2]) + 1 : 1
    const leaf =
      s[3] === 'spec'
        ? s[4] === 'covariates'
          ? 'covariates'
          : s[4] === 'outcome'
            ? 'outcome'
            : 'estimator'
        : ['name', 'role', 'description'].includes(s[3] ?? '')
          ? s[3]
          : 'name'
    return `an-${i}-${leaf}`
  },
}

export const size: Step = {
  slug: 'size',
  caption: 'Size and timeline',
  heading: 'How many households, and when?',
  read: (d) => {
    const s = d.sample_size ?? {}
    const pc = s.power_calculation ?? {}
    const t = d.timeline ?? {}
    const str = (x: unknown) => (x === undefined || x === null ? '' : String(x))
    return {
      target_households: str(s.target_households),
      alpha: str(pc.alpha),
      power: str(pc.power),
      mdes: str(pc.mdes),
      alternative: pc.alternative ?? '',
      control_proportion: str(pc.control_proportion),
      expected_attrition: str(pc.expected_attrition),
      notes: pc.notes ?? '',
      recruitment_start: t.recruitment_start ?? '',
      recruitment_end: t.recruitment_end ?? '',
      final_outcome_date: t.final_outcome_date ?? '',
    }
  },
  fields: (v, e) => (
    <>
      <TextInput
        {...bound(v, e, 'target_households')}
        label='Households to randomise'
        width='5'
        inputmode='numeric'
      />
      <TextInput
        {...bound(v, e, 'alpha')}
        label='Significance level'
        hint='Usually 0.05'
        width='4'
        inputmode='decimal'
      />
      <TextInput
        {...bound(v, e, 'power')}
        label='Power'
        hint='Usually 0.8'
        width='4'
        inputmode='decimal'
      />
      <TextInput
        {...bound(v, e, 'mdes')}
        label='Smallest effect worth detecting, in standard deviations'
        hint='Like 0.2'
        width='4'
        inputmode='decimal'
      />
      <Radios
        {...bound(v, e, 'alternative')}
        label='Test'
        inline
        options={[
          { value: 'two.sided', text: 'Two-sided' },
          { value: 'greater', text: 'One-sided' },
        ]}
      />
      <TextInput
        {...bound(v, e, 'control_proportion')}
        label='Binary primary outcome: expected share in the control arm (optional)'
        hint='Like 0.3'
        width='4'
        inputmode='decimal'
      />
      <TextInput
        {...bound(v, e, 'expected_attrition')}
        label='Expected share with a missing primary outcome (optional)'
        hint='Like 0.1'
        width='4'
        inputmode='decimal'
      />
      <Textarea
        {...bound(v, e, 'notes')}
        label='Where these figures come from (optional)'
        rows={2}
      />
      <TextInput
        {...bound(v, e, 'recruitment_start')}
        label='First randomisation'
        hint='YYYY-MM-DD, like 2026-04-01'
        width='10'
      />
      <TextInput
        {...bound(v, e, 'recruitment_end')}
        label='Last randomisation'
        hint='YYYY-MM-DD'
        width='10'
      />
      <TextInput
        {...bound(v, e, 'final_outcome_date')}
        label='Last outcome measured by'
        hint='YYYY-MM-DD'
        width='10'
      />
    </>
  ),
  apply: (d, f) => {
    const errors: FieldError[] = []
    const pc = clean({
      alpha: number(f, 'alpha', errors, 'The significance level'),
      power: number(f, 'power', errors, 'The power'),
      mdes: number(f, 'mdes', errors, 'The effect size'),
      alternative: text(f, 'alternative'),
      control_proportion: number(f, 'control_proportion', errors, 'The control share'),
      expected_attrition: number(f, 'expected_attrition', errors, 'The attrition'),
      notes: text(f, 'notes'),
    })
    return {
      draft: {
        ...d,
        sample_size: clean({
          ...(d.sample_size ?? {}),
          target_households: number(
            f,
            'target_households',
            errors,
            'The number of households',
            true
          ),
          power_calculation: pc,
        }),
        timeline: clean({
          recruitment_start: text(f, 'recruitment_start'),
          recruitment_end: text(f, 'recruitment_end'),
          final_outcome_date: text(f, 'final_outcome_date'),
        }),
      },
      errors,
    }
  },
  fieldOf: (p) => {
    const s = segments(p)
    const leaf = s[s.length - 1] ?? ''
    const known = [
      'target_households',
      'alpha',
      'power',
      'mdes',
      'alternative',
      'control_proportion',
      'expected_attrition',
      'notes',
      'recruitment_start',
      'recruitment_end',
      'final_outcome_date',
    ]
    return known.includes(leaf)
      ? leaf
      : s[0] === 'timeline'
        ? 'recruitment_start'
        : 'target_households'
  },
}

/**
 * A form field's name in words, for the check-answers page: `o2-when` -> "Secondary outcome 1: time
 * point"; a field asked once per page is named by its `question`, when given.
 */
export function fieldWords(key: string, question?: string): string {
  const leaf: Record<string, string> = {
    when: 'time point in words',
    offset: 'time point',
    anchor: 'measured from',
    source: 'data source',
  }
  const own = registryFieldWords(key)
  if (own) return own
  const m = /^(arm|cov|hyp|an|o)-?(\d+)-(.+)$/.exec(key)
  if (!m) return question ?? humanise(key)
  const [, kind, n, rest] = m
  const what =
    kind === 'o'
      ? n === '1'
        ? 'Primary outcome'
        : `Secondary outcome ${Number(n) - 1}`
      : `${({ arm: 'Arm', cov: 'Covariate', hyp: 'Hypothesis', an: 'Analysis' } as Record<string, string>)[kind!]} ${n}`
  return `${what}: ${leaf[rest!] ?? humanise(rest!).toLowerCase()}`
}

/** The builder's question pages, in order. */
export const STEPS: Step[] = [
  about,
  arms,
  eligibility,
  randomisation,
  outcomes,
  covariates,
  hypotheses,
  analysis,
  harms,
  registryDetails,
  size,
]

/** The step a protocol problem belongs to, from the first segment of its path. */
export function stepOfPath(path: string): Step {
  const first = segments(path)[0] ?? ''
  const by: Record<string, Step> = {
    title: about,
    summary: about,
    intervention: about,
    councils: about,
    arms,
    unit_of_randomisation: eligibility,
    cluster_type: eligibility,
    eligibility,
    randomisation,
    primary_outcome: outcomes,
    secondary_outcomes: outcomes,
    covariates,
    process_measures: covariates,
    hypotheses,
    analysis_plan: analysis,
    sample_size: size,
    timeline: size,
    harms,
    funding: registryDetails,
    contacts: registryDetails,
    ethics_review: registryDetails,
  }
  if (first === 'randomisation' && segments(path)[1] === 'arms') return arms
  return by[first] ?? about
}
