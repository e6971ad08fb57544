export {
  twoSampleTPower,
  twoSampleTPowerAt,
  powerAlternativeSchema,
  type PowerAlternative,
  type TwoSampleTPowerInput,
  type TwoSampleTPowerResult,
} from './two-sample-t-power'
export {
  cohensH,
  twoProportionsPower,
  type TwoProportionsPowerInput,
  type TwoProportionsPowerResult,
} from './two-proportions-power'
export { designEffect } from './design-effect'
export { clusterMdes, type ClusterMdesInput, type ClusterMdesResult } from './cluster-mdes'
export {
  minimumDetectableEffect,
  type ArmSizes,
  type MdesInputs,
} from './minimum-detectable-effect'
export {
  clusterSampleSize,
  type ClusterSampleSizeInput,
  type ClusterSampleSizeResult,
} from './cluster-sample-size'
export { solveFor } from './solve-for'
export { seededStream, standardNormalDraw, type RandomStream } from './random-draws'
export {
  diagnoseDesign,
  type DesignToDiagnose,
  type DesignDiagnosis,
  type Diagnosand,
  type DiagnosisOptions,
  type RevealedData,
  type SimulatedEstimate,
  type SimulatedPopulation,
} from './diagnose-design'
export { powerAnalysis } from './power-analysis'
