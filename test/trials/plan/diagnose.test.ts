import { describe, expect, it } from 'vitest'
import { familyMediationProtocol } from '../../../trials/protocol/examples/family-mediation'
import { clusterRandomisedVariant } from '../../../trials/protocol/examples/variants'
import { diagnoseRegisteredDesign } from '../../../trials/plan'
import { normalCdf } from '../../../analysis/distributions'

describe('diagnosing a registered design by simulation', () => {
  it("agrees with the analytic power of the two-proportion test for the example's binary primary outcome", () => {
    const d = diagnoseRegisteredDesign(familyMediationProtocol, {
      effect: -0.1,
      simulations: 400,
      seed: 'diagnose-1',
      households: 1000,
      controlProportion: 0.3,
    })
    // pwr::pwr.2p.test(h = ES.h(0.2, 0.3), n = 500)$power, to the normal approximation R uses:
    //   h = 2 asin(sqrt(0.2)) - 2 asin(sqrt(0.3)); power = pnorm(|h| sqrt(n/2) - qnorm(0.975)) + pnorm(-|h| sqrt(n/2) - qnorm(0.975))
    const h = 2 * Math.asin(Math.sqrt(0.2)) - 2 * Math.asin(Math.sqrt(0.3))
    const analytic =
      normalCdf(Math.abs(h) * Math.sqrt(250) - 1.959963984540054) +
      normalCdf(-Math.abs(h) * Math.sqrt(250) - 1.959963984540054)
    expect(analytic).toBeCloseTo(0.9563, 3)
    expect(Math.abs(d.power.value - analytic)).toBeLessThan(4 * d.power.monteCarloStdError + 0.02)
    expect(Math.abs(d.bias.value)).toBeLessThan(4 * d.bias.monteCarloStdError)
    expect(Math.abs(d.coverage.value - 0.95)).toBeLessThan(4 * d.coverage.monteCarloStdError + 0.01)
    expect(d).toMatchObject({
      analysis: 'primary_itt',
      arm: 'family_mediation',
      control: 'usual_care',
      estimator: 'lin',
      households: 1000,
      failures: 0,
    })
  })

  it('is deterministic given the seed and changes with it', () => {
    const a = diagnoseRegisteredDesign(familyMediationProtocol, {
      effect: -0.08,
      simulations: 30,
      seed: 's',
      households: 300,
    })
    const b = diagnoseRegisteredDesign(familyMediationProtocol, {
      effect: -0.08,
      simulations: 30,
      seed: 's',
      households: 300,
    })
    const c = diagnoseRegisteredDesign(familyMediationProtocol, {
      effect: -0.08,
      simulations: 30,
      seed: 't',
      households: 300,
    })
    expect(a).toEqual(b)
    expect(a.meanEstimate.value).not.toBe(c.meanEstimate.value)
  })

  it('has the nominal size under no effect, for a cluster design analysed with CR2', () => {
    const protocol = clusterRandomisedVariant()
    const d = diagnoseRegisteredDesign(protocol, {
      effect: 0,
      simulations: 200,
      seed: 'null-cluster',
      households: 480,
      icc: 0.05,
    })
    expect(d.clusters).toBe(60)
    // Under the null, rejections are false positives: about alpha, within Monte Carlo error.
    expect(d.power.value).toBeLessThan(0.05 + 4 * Math.sqrt((0.05 * 0.95) / 200))
    expect(Math.abs(d.bias.value)).toBeLessThan(4 * d.bias.monteCarloStdError + 1e-12)
  })

  it('refuses an effect that makes the risk leave [0, 1]', () => {
    expect(() =>
      diagnoseRegisteredDesign(familyMediationProtocol, {
        effect: -0.5,
        simulations: 10,
        seed: 'x',
        controlProportion: 0.3,
      })
    ).toThrow(/not a probability/)
  })
})
