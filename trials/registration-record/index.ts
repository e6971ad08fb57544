export { ENGINE_SOURCE_FOLDERS, engineIdentity } from './engine-identity'
export {
  ledgerEntrySchema,
  publicLedgerSchema,
  publicRecordSchema,
  registrationBodySchema,
  type PublicLedger,
  type PublicRecord,
} from './public-documents'
export {
  REGISTRATION_FORMAT,
  registrationBody,
  registrationHash,
  type RegistrationBody,
} from './registration'
export {
  openRandomisation,
  protocolView,
  sealDiff,
  sealProtocol,
  sealedCommitment,
  sealedParameters,
  unsealAmendment,
  type SealedParameters,
} from './seal'
export { verifyPublicRecord, type PublicCheck, type PublicVerification } from './verify-public'
