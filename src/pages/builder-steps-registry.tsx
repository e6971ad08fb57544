import { Radios, Select, TextInput, Textarea, bound, errorFor } from './components'
import { Row, clean, filled, list, segments, text, type Form, type Step } from './builder-form'

/*
 * The builder's steps for what the report and a primary registry ask besides the design: harms and
 * unintended outcomes (CONSORT 2025 items 15 and 27), and funding, query contacts and ethics review
 * (WHO TRDS items 4, 7, 8 and 21). Both are optional. They only move form fields into the draft:
 * whether the draft holds together (a harm outcome that is not a registered secondary outcome, an
 * approved review without its date) is for the registration checks, shown on check your answers.
 */

export const harms: Step = {
  slug: 'harms',
  caption: 'Harms',
  heading: 'How will you look for harms and unintended effects?',
  read: (d) => ({
    'harms-definition': d.harms?.definition ?? '',
    'harms-assessment': d.harms?.assessment ?? '',
    'harms-outcomes': (d.harms?.outcomes ?? []).join(', '),
  }),
  fields: (v, e, d) => (
    <>
      <p class='govuk-body'>
        Optional. An offer can do harm as well as good, for example a family dispute made worse.
        Leave every answer empty if you register no harms; the report will then ask how unintended
        effects were looked for.
      </p>
      <Textarea
        {...bound(v, e, 'harms-definition')}
        label='What counts as a harm or unintended effect'
        rows={3}
      />
      <Radios
        {...bound(v, e, 'harms-assessment')}
        label='How are harms looked for?'
        options={[
          { value: 'systematic', text: 'Asked of every household at set times' },
          { value: 'non_systematic', text: 'Recorded when reported' },
        ]}
      />
      <TextInput
        id='harms-outcomes'
        label='Secondary outcomes that measure harms (optional)'
        hint={`Short names separated by commas${
          (d.secondary_outcomes ?? []).length
            ? `, from: ${(d.secondary_outcomes as Array<{ name?: string }>)
                .map((o) => o?.name)
                .filter(Boolean)
                .join(', ')}`
            : '; add them as secondary outcomes first'
        }`}
        value={v['harms-outcomes']}
        error={errorFor(e, 'harms-outcomes')}
        spellcheck={false}
      />
    </>
  ),
  apply: (d, f) => {
    const { harms: _dropped, ...rest } = d
    if (!filled(f, 'harms', ['definition', 'assessment', 'outcomes']))
      return { draft: rest, errors: [] }
    return {
      draft: {
        ...rest,
        harms: clean({
          definition: text(f, 'harms-definition'),
          assessment: text(f, 'harms-assessment'),
          outcomes: list(f['harms-outcomes']),
        }),
      },
      errors: [],
    }
  },
  fieldOf: (p) => {
    const leaf = segments(p)[1]
    return leaf === 'assessment'
      ? 'harms-assessment'
      : leaf === 'outcomes'
        ? 'harms-outcomes'
        : 'harms-definition'
  },
}

const FUNDER_ROWS = 2
const CONTACTS = [
  { key: 'public', title: 'Contact for public queries' },
  { key: 'scientific', title: 'Contact for scientific queries' },
] as const
const ETHICS_FIELDS = ['status', 'committee', 'approval_date', 'reference', 'reason'] as const

export const registryDetails: Step = {
  slug: 'registry',
  caption: 'Funding, contacts and ethics',
  heading: 'Who funds the trial, who answers queries, and has it had ethics review?',
  read: (d) => {
    const v: Form = {}
    ;(d.funding ?? []).forEach((f: any, i: number) => {
      v[`funder-${i + 1}-name`] = f?.name ?? ''
      v[`funder-${i + 1}-support`] = f?.support ?? ''
      v[`funder-${i + 1}-role`] = f?.role ?? ''
    })
    for (const { key } of CONTACTS)
      for (const leaf of ['role', 'organisation', 'email'])
        v[`${key}-${leaf}`] = d.contacts?.[key]?.[leaf] ?? ''
    for (const leaf of ETHICS_FIELDS) v[`ethics-${leaf}`] = d.ethics_review?.[leaf] ?? ''
    return v
  },
  fields: (v, e) => (
    <>
      <p class='govuk-body'>
        Optional until you lodge the trial with a registry. The protocol is public: name roles and
        team mailboxes, never a person.
      </p>
      {Array.from({ length: FUNDER_ROWS }, (_, k) => {
        const n = k + 1
        return (
          <Row title={`Funder ${n} (optional)`}>
            <TextInput
              {...bound(v, e, `funder-${n}-name`)}
              label='Funder or programme'
              hint='For example, Homelessness Prevention Grant'
            />
            <Select
              {...bound(v, e, `funder-${n}-support`)}
              label='Kind of support'
              options={[
                { value: '', text: 'Choose the kind of support' },
                { value: 'monetary', text: 'Money' },
                { value: 'material', text: 'Staff time, premises, data or services in kind' },
              ]}
            />
            <TextInput
              {...bound(v, e, `funder-${n}-role`)}
              label='What the funder does in the design, analysis and reporting (optional)'
            />
          </Row>
        )
      })}
      {CONTACTS.map(({ key, title }) => (
        <Row title={`${title} (optional)`}>
          <TextInput
            {...bound(v, e, `${key}-role`)}
            label='Role'
            hint='A role, not a person, like Housing Options service manager'
          />
          <TextInput {...bound(v, e, `${key}-organisation`)} label='Organisation' />
          <TextInput
            {...bound(v, e, `${key}-email`)}
            label='Team or role mailbox'
            autocomplete='off'
            spellcheck={false}
          />
        </Row>
      ))}
      <Row title='Ethics review (optional)'>
        <Radios
          {...bound(v, e, 'ethics-status')}
          label='Has the trial had ethics review?'
          options={[
            { value: 'approved', text: 'Approved' },
            { value: 'pending', text: 'Submitted, decision pending' },
            { value: 'not_required', text: 'Not required' },
          ]}
        />
        <TextInput
          {...bound(v, e, 'ethics-committee')}
          label='Reviewing committee (approved or pending)'
        />
        <TextInput
          {...bound(v, e, 'ethics-approval_date')}
          label='Date of approval (approved)'
          hint='YYYY-MM-DD, like 2026-02-14'
          width='10'
        />
        <TextInput
          {...bound(v, e, 'ethics-reference')}
          label='Committee reference (optional)'
          width='20'
        />
        <Textarea
          {...bound(v, e, 'ethics-reason')}
          label='Why review is not required (not required)'
          hint='For example, a service evaluation under the council research governance policy'
          rows={2}
        />
      </Row>
    </>
  ),
  apply: (d, f) => {
    const { funding: _f, contacts: _c, ethics_review: _e, ...rest } = d
    const funding = Array.from({ length: FUNDER_ROWS }, (_, k) => k + 1)
      .filter((n) => filled(f, `funder-${n}`, ['name', 'support', 'role']))
      .map((n) =>
        clean({
          name: text(f, `funder-${n}-name`),
          support: text(f, `funder-${n}-support`),
          role: text(f, `funder-${n}-role`),
        })
      )
    const contacts = clean(
      Object.fromEntries(
        CONTACTS.map(({ key }) => [
          key,
          filled(f, key, ['role', 'organisation', 'email'])
            ? clean({
                role: text(f, `${key}-role`),
                organisation: text(f, `${key}-organisation`),
                email: text(f, `${key}-email`),
              })
            : undefined,
        ])
      )
    )
    const ethics = filled(f, 'ethics', [...ETHICS_FIELDS])
      ? clean(Object.fromEntries(ETHICS_FIELDS.map((leaf) => [leaf, text(f, `ethics-${leaf}`)])))
      : undefined
    return {
      draft: clean({
        ...rest,
        funding: funding.length ? funding : undefined,
        contacts: Object.keys(contacts).length ? contacts : undefined,
        ethics_review: ethics,
      }),
      errors: [],
    }
  },
  fieldOf: (p) => {
    const s = segments(p)
    if (s[0] === 'funding') {
      const n = /^\d+$/.test(s[1] ?? '') ? Number(s[1]) + 1 : 1
      const leaf = s[2] === 'support' || s[2] === 'role' ? s[2] : 'name'
      return `funder-${n}-${leaf}`
    }
    if (s[0] === 'contacts') {
      const key = s[1] === 'scientific' ? 'scientific' : 'public'
      const leaf = s[2] === 'organisation' || s[2] === 'email' ? s[2] : 'role'
      return `${key}-${leaf}`
    }
    const leaf = ETHICS_FIELDS.find((x) => x === s[1]) ?? 'status'
    return `ethics-${leaf}`
  },
}

/** The words for a field of these steps on check your answers: `public-email` -> "Public queries contact: mailbox". */
export function registryFieldWords(key: string): string | undefined {
  const leafWords: Record<string, string> = {
    definition: 'what counts',
    assessment: 'how they are looked for',
    outcomes: 'outcomes that measure them',
    name: 'name',
    support: 'kind of support',
    role: 'role',
    organisation: 'organisation',
    email: 'mailbox',
    status: 'status',
    committee: 'committee',
    approval_date: 'date of approval',
    reference: 'reference',
    reason: 'why not required',
  }
  const m = /^(harms|funder-\d+|public|scientific|ethics)-(.+)$/.exec(key)
  if (!m || !leafWords[m[2]!]) return undefined
  const what: Record<string, string> = {
    harms: 'Harms',
    public: 'Public queries contact',
    scientific: 'Scientific queries contact',
    ethics: 'Ethics review',
  }
  return `${what[m[1]!] ?? `Funder ${m[1]!.slice('funder-'.length)}`}: ${leafWords[m[2]!]}`
}
