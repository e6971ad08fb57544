export { findRoot, type FindRootOptions } from './find-root'
