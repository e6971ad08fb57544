export {
  insiderPredictability,
  type InsiderUnit,
  type InsiderView,
  type Predictability,
} from './insider-predictability'
