import { z } from 'zod'

/**
 * Where a fact came from:
 * - `measured`: counted or estimated from the trial's own data (the stored analysis run);
 * - `registered`: read from the registered protocol or intervention, or guaranteed by how trialworks runs a trial;
 * - `derived`: computed from registered inputs and measured counts (e.g. MDES on the achieved sample);
 * - `declared`: answered by the evaluator, shown as declared, not measured;
 * - `default`: not declared; the engine's stated default for a fact no data can supply.
 *
 * @example
 * factSourceSchema.parse('declared')
 */
export const factSourceSchema = z.enum(['measured', 'registered', 'derived', 'declared', 'default'])
/**
 * One of measured, registered, derived, declared, default.
 *
 * @example
 * const source: FactSource = 'measured'
 */
export type FactSource = z.infer<typeof factSourceSchema>

/**
 * The provenance of one fact: its source and, in words, how it was obtained.
 *
 * @example
 * factProvenanceSchema.parse({ source: 'measured', detail: 'outcome observed for 211 of 240 randomised households' })
 */
const factProvenanceSchema = z.object({ source: factSourceSchema, detail: z.string() })
/**
 * A fact's provenance.
 *
 * @example
 * const p: FactProvenance = { source: 'registered', detail: 'unit_of_randomisation = household' }
 */
export type FactProvenance = z.infer<typeof factProvenanceSchema>

/**
 * Provenance of every fact, keyed by fact name.
 *
 * @example
 * const map: ProvenanceMap = { design: { source: 'registered', detail: 'unit_of_randomisation = household' } }
 */
export type ProvenanceMap = Record<string, FactProvenance>
