/**
 * Whether the server seeds the demo (councils, trials and working tokens, an administrator's among
 * them) on start: on the embedded default database (the README's first start), or wherever
 * `SEED_DEMO=1` asks for it; never by itself on PostgreSQL. `SEED_DEMO=0` turns it off everywhere.
 */
export function shouldSeedDemo(env: Record<string, string | undefined>): boolean {
  if (env.SEED_DEMO === '1') return true
  if (env.SEED_DEMO === '0') return false
  return !env.DATABASE_URL
}
