export {
  AUDIT_FORMAT,
  AUDIT_GENESIS,
  auditEntryHash,
  auditPayloadHash,
  chainAuditEvent,
  verifyAuditChain,
  type AuditChainEntry,
  type AuditChainReport,
  type AuditEventBody,
} from './chain'
