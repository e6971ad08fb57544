export { logBeta, logGamma, stirlingCorrection } from './log-gamma'
export { normalCdf, normalDensity, normalQuantile, normalUpperTail } from './normal'
export { regularizedBeta } from './incomplete-beta'
export { regularizedGamma } from './incomplete-gamma'
export {
  studentTCdf,
  studentTDensity,
  studentTQuantile,
  studentTTwoSidedP,
  studentTUpperTail,
} from './student-t'
export { chiSquareCdf, chiSquareUpperTail } from './chi-square'
export { fUpperTail } from './f-distribution'
