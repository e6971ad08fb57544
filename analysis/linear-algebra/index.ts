export { leastSquares } from './least-squares'
export type { LeastSquaresFit } from './least-squares'
export { symmetricEigen } from './symmetric-eigen'
export type { SymmetricEigen } from './symmetric-eigen'
