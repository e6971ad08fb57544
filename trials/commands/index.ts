/**
 * The decide layer: one pure function per command. Each takes the loaded, typed state and returns
 * what to write plus the audit event, or throws a typed `DomainError`.
 */
export * from './record-errors'
export * from './record-screening'
export * from './record-adherence'
