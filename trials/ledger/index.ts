export {
  LEDGER_FORMAT,
  appendToLedger,
  ledgerEntryHash,
  ledgerGenesis,
  type LedgerEntry,
  type LedgerEntryBody,
} from './chain'
export { ledgerFields, ledgerUnit } from './ledger-unit'
export { verifyLedgerChain, type LedgerBreak, type LedgerChainReport } from './verify-ledger'
