/**
 * Enrolling a household: the baseline it must bring (`checkBaseline`, `fieldsNeededToRandomise`) and the
 * warning when the same household presents again (`presentedAgain`). Pure: values in, problems out.
 */
export {
  checkBaseline,
  fieldsNeededToRandomise,
  type BaselineProblem,
  type BaselineValue,
} from './baseline'
export { presentedAgain, type PresentedAgainWarning } from './presented-again'
