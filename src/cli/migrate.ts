import { openLocalDatabase } from './open-local'

// `npm run db:migrate`: applies pending migrations to DATABASE_URL (or the embedded database) and exits.
const open = await openLocalDatabase()
await open.close()
console.log(`migrations applied (${open.kind})`)
