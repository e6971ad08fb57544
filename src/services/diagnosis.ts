import { diagnosisOut } from '../../trials/plan'
import { protocolHash, validateForRegistration } from '../../trials/protocol'
import { loadTrial } from '../auth/scope'
import { compute } from '../compute'
import { protocolProblem } from '../problem'
import type { RequestContext } from './context'

/** Diagnoses a trial's design by simulation; drafts once their protocol is registrable. */
export async function diagnoseTrial(
  rc: RequestContext,
  id: string,
  body: {
    effect: number
    simulations: number
    seed?: string | undefined
    households?: number | undefined
    control_proportion?: number | undefined
    icc?: number | undefined
  }
) {
  const trial = await loadTrial(rc.db, rc.principal, id, 'read')
  const validation = validateForRegistration(trial.protocol)
  if (!validation.ok)
    throw protocolProblem('the protocol must be registrable to be diagnosed', validation.problems)
  const seed = body.seed ?? `diagnosis|${protocolHash(validation.protocol)}`
  const diagnosis = await compute('diagnose', validation.protocol, {
    effect: body.effect,
    simulations: body.simulations,
    seed,
    ...(body.households !== undefined ? { households: body.households } : {}),
    ...(body.control_proportion !== undefined
      ? { controlProportion: body.control_proportion }
      : {}),
    ...(body.icc !== undefined ? { icc: body.icc } : {}),
  })
  return { ...diagnosisOut(diagnosis), seed }
}
