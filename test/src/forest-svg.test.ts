import { describe, expect, it } from 'vitest'
import { renderForestSvg } from '../../src/services/forest-svg'
import { favoursLabels } from '../../src/services/evidence-summary'

const plot = {
  studies: [
    { label: 'Leeds 2025', estimate: -0.1, confLow: -0.2, confHigh: 0, weightPercent: 40 },
    { label: 'Bristol 2025', estimate: -0.05, confLow: -0.15, confHigh: 0.05, weightPercent: 35 },
    { label: 'Hull 2026', estimate: 0.02, confLow: -0.1, confHigh: 0.14, weightPercent: 25 },
  ],
  summary: {
    label: 'Random effects (REML)',
    estimate: -0.05,
    confLow: -0.12,
    confHigh: 0.02,
    weightPercent: 100,
  },
}

describe('forest plot SVG', () => {
  it('labels which side favours the intervention and draws the prediction interval', () => {
    const svg = renderForestSvg(plot, {
      title: 'Homelessness within 6 months',
      axisLabel: 'Difference in proportion',
      favours: favoursLabels('decrease'),
      prediction: { low: -0.3, high: 0.2 },
    })
    expect(svg).toContain('← Favours intervention')
    expect(svg).toContain('Favours control →')
    expect(svg).toContain('Prediction interval (new trial)')
    expect(svg).toContain('-0.300 to 0.200')
    expect(svg).toMatch(/<line class="prediction"/)
    // The Content-Security-Policy allows no inline style, in SVG either.
    expect(svg).not.toMatch(/style=/)
  })

  it('draws a single trial as its own row, with no pooled diamond', () => {
    const one = { ...plot, studies: [{ ...plot.studies[0]!, weightPercent: 100 }] }
    const svg = renderForestSvg(one, { title: 'Homelessness', axisLabel: 'Difference' })
    expect(svg).toContain('Leeds 2025')
    expect(svg).not.toContain('class="pooled"')
    expect(svg).not.toContain('Random effects (REML)')
    expect(renderForestSvg(plot, { title: 'Homelessness', axisLabel: 'Difference' })).toContain(
      'class="pooled"'
    )
  })

  it('takes the favoured side from the registered direction', () => {
    expect(favoursLabels('increase')).toEqual({
      below: 'Favours control',
      above: 'Favours intervention',
    })
    expect(favoursLabels(null).below).toBe('Lower with intervention')
  })

  it('wraps a long title inside the plot and moves the rows down under it', () => {
    const title =
      'Owed a relief duty or in temporary accommodation within 6 months: family mediation against control'
    const short = renderForestSvg(plot, { title: 'Homelessness', axisLabel: 'Difference' })
    const long = renderForestSvg(plot, { title, axisLabel: 'Difference' })
    const lines = [...long.matchAll(/<tspan x="16" dy="\d+">([^<]*)<\/tspan>/g)].map((m) => m[1]!)
    expect(lines.join(' ')).toBe(title)
    expect(lines.length).toBe(2)
    expect(Math.max(...lines.map((l) => l.length))).toBeLessThanOrEqual(88)
    const height = (svg: string) => Number(/ height="(\d+)"/.exec(svg)![1])
    expect(height(long)).toBe(height(short) + 18)
    expect(long).toContain('<g transform="translate(0 18)">')
  })
})
