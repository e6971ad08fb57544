/**
 * Tables the application changes in place; every other table it may only read and append to. Append-only
 * tables also refuse UPDATE and DELETE by trigger (migrations 0000 and 0003), whoever asks.
 */
const MUTABLE_TABLES = [
  'trials',
  'interventions',
  'observations',
  'api_tokens',
  'audit_chain_head',
  'screening_records',
  'adherence_records',
  'analysis_exclusions',
  'allocator_states',
  'trial_reports',
] as const

/**
 * The grants that make `role` the application's database role on PostgreSQL: it owns nothing (so it cannot
 * TRUNCATE, ALTER, DROP or disable a trigger), reads and appends to every table, and updates only
 * {@link MUTABLE_TABLES}. Run by the owner role, after migrating (see README, "Database roles").
 */
export function applicationRoleGrants(role: string, schema = 'public'): string[] {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(role))
    throw new Error(`role name ${JSON.stringify(role)} must be a lowercase SQL identifier`)
  return [
    `GRANT USAGE ON SCHEMA ${schema} TO ${role}`,
    `GRANT SELECT, INSERT ON ALL TABLES IN SCHEMA ${schema} TO ${role}`,
    `GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA ${schema} TO ${role}`,
    `GRANT UPDATE ON ${MUTABLE_TABLES.map((t) => `${schema}.${t}`).join(', ')} TO ${role}`,
  ]
}
