import type { Child } from 'hono/jsx'
import { randomisationObjectSchema } from '../../trials/randomisation'
import { Radios, Select, TextInput, Textarea, errorFor, type FieldError } from './components'
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
        id='summary'
        label='Summary in plain English'
        hint='Who takes part, what they are offered, and what you will measure.'
        value={v.summary}
        error={errorFor(e, 'summary')}
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
              id={`arm-${n}-name`}
              label='Short name'
              hint='Lower case with underscores, like family_mediation'
              value={v[`arm-${n}-name`]}
              error={errorFor(e, `arm-${n}-name`)}
              width='20'
              spellcheck={false}
            />
            <TextInput
              id={`arm-${n}-description`}
              label='What households in this arm receive'
              value={v[`arm-${n}-description`]}
              error={errorFor(e, `arm-${n}-description`)}
            />
            <TextInput
              id={`arm-${n}-ratio`}
              label='Allocation ratio'
              hint='Whole number; 1 and 1 means equal arms'
              value={v[`arm-${n}-ratio`]}
              error={errorFor(e, `arm-${n}-ratio`)}
              width='3'
              inputmode='numeric'
            />
          </Row>
        )
      })}
      <Radios
        id='control'
        label='Which arm is the control?'
        inline
        value={v.control}
        error={errorFor(e, 'control')}
        options={Array.from({ length: ARM_ROWS }, (_, k) => ({
          value: String(k + 1),
          text: `Arm ${k + 1}`,
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
        id='unit'
        label='What is randomised?'
        value={v.unit}
        error={errorFor(e, 'unit')}
        options={[
          { value: 'household', text: 'Households, one by one' },
          { value: 'cluster', text: 'Whole groups (clusters), such as caseworkers or offices' },
        ]}
      />
      <Select
        id='cluster_type'
        label='If clusters: what is a cluster?'
        value={v.cluster_type}
        error={errorFor(e, 'cluster_type')}
        options={[
          { value: '', text: 'Not a cluster trial' },
          ...CLUSTER_TYPES.map((t) => ({ value: t, text: humanise(t) })),
        ]}
      />
      <Textarea
        id='inclusion'
        label='Households are eligible if all of these hold'
        hint='One criterion per line'
        value={v.inclusion}
        error={errorFor(e, 'inclusion')}
      />
      <Textarea
        id='exclusion'
        label='Households are not eligible if any of these hold'
        hint='One criterion per line; leave empty if none'
        value={v.exclusion}
        error={errorFor(e, 'exclusion')}
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
        id='method'
        label='Randomisation method'
        value={v.method}
        error={errorFor(e, 'method')}
        options={randomisationObjectSchema.shape.method.options.map((m: string) => ({
          value: m,
          text: RANDOMISATION_WORDS[m] ?? humanise(m),
        }))}
      />
      <TextInput
        id='block_sizes'
        label='Block sizes'
        hint='For block and cluster methods: sizes separated by commas, each a multiple of the ratios’ total, like 4, 6'
        value={v.block_sizes}
        error={errorFor(e, 'block_sizes')}
        width='10'
      />
      <Textarea
        id='strata'
        label='Strata and their values'
        hint='One stratum per line: its covariate name, a colon, then its values separated by commas, like household_type: single, family'
        value={v.strata}
        error={errorFor(e, 'strata')}
      />
      <TextInput
        id='cluster'
        label='Cluster field (cluster designs only)'
        hint='The covariate that names each household’s cluster, like caseworker'
        value={v.cluster}
        error={errorFor(e, 'cluster')}
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
            id={`${p}-name`}
            label='Short name'
            hint='Like homeless_6m'
            value={v[`${p}-name`]}
            error={errorFor(e, `${p}-name`)}
            width='20'
            spellcheck={false}
          />
          <TextInput
            id={`${p}-label`}
            label='Label'
            hint='How results will name it'
            value={v[`${p}-label`]}
            error={errorFor(e, `${p}-label`)}
          />
          <Select
            id={`${p}-type`}
            label='Type'
            value={v[`${p}-type`]}
            error={errorFor(e, `${p}-type`)}
            options={[
              { value: '', text: 'Choose' },
              { value: 'binary', text: 'Binary (0 or 1)' },
              { value: 'continuous', text: 'Continuous' },
              { value: 'count', text: 'Count' },
            ]}
          />
          <TextInput
            id={`${p}-unit`}
            label='Unit'
            hint='Like household or days'
            value={v[`${p}-unit`]}
            error={errorFor(e, `${p}-unit`)}
            width='20'
          />
          <Textarea
            id={`${p}-definition`}
            label='Definition'
            value={v[`${p}-definition`]}
            error={errorFor(e, `${p}-definition`)}
            rows={3}
          />
          <Select
            id={`${p}-anchor`}
            label='Measured from'
            value={v[`${p}-anchor`]}
            error={errorFor(e, `${p}-anchor`)}
            options={[
              { value: '', text: 'Choose' },
              ...ANCHORS.map((a) => ({ value: a, text: humanise(a) })),
            ]}
          />
          <TextInput
            id={`${p}-offset`}
            label='Time point'
            hint='An ISO 8601 duration after that event, like P6M for 6 months or P26W for 26 weeks'
            value={v[`${p}-offset`]}
            error={errorFor(e, `${p}-offset`)}
            width='5'
            spellcheck={false}
          />
          <TextInput
            id={`${p}-when`}
            label='Time point in words'
            hint='Like within 6 months of randomisation'
            value={v[`${p}-when`]}
            error={errorFor(e, `${p}-when`)}
          />
          <TextInput
            id={`${p}-source`}
            label='Data source'
            value={v[`${p}-source`]}
            error={errorFor(e, `${p}-source`)}
          />
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
              id={`cov-${n}-name`}
              label='Short name'
              hint='Like age_head'
              value={v[`cov-${n}-name`]}
              error={errorFor(e, `cov-${n}-name`)}
              width='20'
              spellcheck={false}
            />
            <TextInput
              id={`cov-${n}-label`}
              label='Label'
              value={v[`cov-${n}-label`]}
              error={errorFor(e, `cov-${n}-label`)}
            />
            <Select
              id={`cov-${n}-type`}
              label='Type'
              value={v[`cov-${n}-type`]}
              error={errorFor(e, `cov-${n}-type`)}
              options={[
                { value: '', text: 'Choose' },
                { value: 'binary', text: 'Binary (0 or 1)' },
                { value: 'continuous', text: 'Continuous' },
                { value: 'count', text: 'Count' },
                { value: 'categorical', text: 'Categorical (labels)' },
              ]}
            />
            <TextInput
              id={`cov-${n}-levels`}
              label='Categorical only: its values'
              hint='Separated by commas'
              value={v[`cov-${n}-levels`]}
              error={errorFor(e, `cov-${n}-levels`)}
            />
            <TextInput
              id={`cov-${n}-unit`}
              label='Unit (optional)'
              value={v[`cov-${n}-unit`]}
              error={errorFor(e, `cov-${n}-unit`)}
              width='20'
            />
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
              id={`hyp-${n}-name`}
              label='Short name'
              hint='Like h1_homelessness'
              value={v[`hyp-${n}-name`]}
              error={errorFor(e, `hyp-${n}-name`)}
              width='20'
              spellcheck={false}
            />
            <Select
              id={`hyp-${n}-outcome`}
              label='Outcome'
              value={v[`hyp-${n}-outcome`]}
              error={errorFor(e, `hyp-${n}-outcome`)}
              options={outcomeOptions(d)}
            />
            <Select
              id={`hyp-${n}-direction`}
              label='Expected direction (intervention compared with control)'
              value={v[`hyp-${n}-direction`]}
              error={errorFor(e, `hyp-${n}-direction`)}
              options={[
                { value: '', text: 'Choose' },
                { value: 'decrease', text: 'Decrease' },
                { value: 'increase', text: 'Increase' },
                { value: 'either', text: 'Either direction' },
              ]}
            />
            <Textarea
              id={`hyp-${n}-statement`}
              label='The hypothesis in words'
              value={v[`hyp-${n}-statement`]}
              error={errorFor(e, `hyp-${n}-statement`)}
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
              id={`an-${n}-name`}
              label='Short name'
              hint='Like primary_itt'
              value={v[`an-${n}-name`]}
              error={errorFor(e, `an-${n}-name`)}
              width='20'
              spellcheck={false}
            />
            <TextInput
              id={`an-${n}-description`}
              label='Description'
              hint='How results will name this analysis'
              value={v[`an-${n}-description`]}
              error={errorFor(e, `an-${n}-description`)}
            />
            <Select
              id={`an-${n}-role`}
              label='Role'
              value={v[`an-${n}-role`]}
              error={errorFor(e, `an-${n}-role`)}
              options={[
                { value: '', text: 'Choose' },
                ...['primary', 'secondary', 'sensitivity', 'exploratory'].map((r) => ({
                  value: r,
                  text: humanise(r),
                })),
              ]}
            />
            <Select
              id={`an-${n}-estimator`}
              label='Estimator'
              value={v[`an-${n}-estimator`]}
              error={errorFor(e, `an-${n}-estimator`)}
              options={[
                { value: '', text: 'Choose' },
                ...PLAN_ESTIMATORS.map((x) => ({
                  value: x,
                  text: ESTIMATOR_WORDS[x] ?? humanise(x),
                })),
              ]}
            />
            <Select
              id={`an-${n}-outcome`}
              label='Outcome'
              value={v[`an-${n}-outcome`]}
              error={errorFor(e, `an-${n}-outcome`)}
              options={outcomeOptions(d)}
            />
            <TextInput
              id={`an-${n}-covariates`}
              label='Adjust for (regression estimators)'
              hint='Covariate names separated by commas'
              value={v[`an-${n}-covariates`]}
              error={errorFor(e, `an-${n}-covariates`)}
            />
          </Row>
        )
      })}
      <Textarea
        id='missing_data'
        label='How missing outcomes are handled'
        value={v.missing_data}
        error={errorFor(e, 'missing_data')}
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
        id='target_households'
        label='Households to randomise'
        value={v.target_households}
        error={errorFor(e, 'target_households')}
        width='5'
        inputmode='numeric'
      />
      <TextInput
        id='alpha'
        label='Significance level'
        hint='Usually 0.05'
        value={v.alpha}
        error={errorFor(e, 'alpha')}
        width='4'
        inputmode='decimal'
      />
      <TextInput
        id='power'
        label='Power'
        hint='Usually 0.8'
        value={v.power}
        error={errorFor(e, 'power')}
        width='4'
        inputmode='decimal'
      />
      <TextInput
        id='mdes'
        label='Smallest effect worth detecting, in standard deviations'
        hint='Like 0.2'
        value={v.mdes}
        error={errorFor(e, 'mdes')}
        width='4'
        inputmode='decimal'
      />
      <Radios
        id='alternative'
        label='Test'
        inline
        value={v.alternative}
        error={errorFor(e, 'alternative')}
        options={[
          { value: 'two.sided', text: 'Two-sided' },
          { value: 'greater', text: 'One-sided' },
        ]}
      />
      <TextInput
        id='control_proportion'
        label='Binary primary outcome: expected share in the control arm (optional)'
        hint='Like 0.3'
        value={v.control_proportion}
        error={errorFor(e, 'control_proportion')}
        width='4'
        inputmode='decimal'
      />
      <TextInput
        id='expected_attrition'
        label='Expected share with a missing primary outcome (optional)'
        hint='Like 0.1'
        value={v.expected_attrition}
        error={errorFor(e, 'expected_attrition')}
        width='4'
        inputmode='decimal'
      />
      <Textarea
        id='notes'
        label='Where these figures come from (optional)'
        value={v.notes}
        error={errorFor(e, 'notes')}
        rows={2}
      />
      <TextInput
        id='recruitment_start'
        label='First randomisation'
        hint='YYYY-MM-DD, like 2026-04-01'
        value={v.recruitment_start}
        error={errorFor(e, 'recruitment_start')}
        width='10'
      />
      <TextInput
        id='recruitment_end'
        label='Last randomisation'
        hint='YYYY-MM-DD'
        value={v.recruitment_end}
        error={errorFor(e, 'recruitment_end')}
        width='10'
      />
      <TextInput
        id='final_outcome_date'
        label='Last outcome measured by'
        hint='YYYY-MM-DD'
        value={v.final_outcome_date}
        error={errorFor(e, 'final_outcome_date')}
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

/** A form field's name in words, for the check-answers page: `o2-when` -> "Secondary outcome 1: time point". */
export function fieldWords(key: string): string {
  const leaf: Record<string, string> = {
    when: 'time point in words',
    offset: 'time point',
    anchor: 'measured from',
    source: 'data source',
  }
  const own = registryFieldWords(key)
  if (own) return own
  const m = /^(arm|cov|hyp|an|o)-?(\d+)-(.+)$/.exec(key)
  if (!m) return humanise(key)
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
