// Migrates the test database once per run instead of once per test file. On PGlite the migrated data
// directory is dumped to a tarball that every test file loads (booting a fresh PGlite and migrating it costs
// several seconds; loading the dump a fraction of that). The tarball is kept in the temporary directory under a
// hash of the migrations and the PGlite version, so it is rebuilt exactly when either changes. With
// DATABASE_URL, one migrated template database is created for the run and each test file copies it with
// CREATE DATABASE ... TEMPLATE, then it is dropped at the end.
import { createHash, randomBytes } from 'node:crypto'
import { existsSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, relative, resolve } from 'node:path'
import type { TestProject } from 'vitest/node'

declare module 'vitest' {
  export interface ProvidedContext {
    /** Path of the migrated PGlite data directory tarball (PGlite runs). */
    pgliteSnapshot: string | null
    /** Name of the migrated template database on the DATABASE_URL server (PostgreSQL runs). */
    templateDatabase: string | null
  }
}

/**
 * The database client and the migrations, loaded only when a database is to be migrated: they import the
 * schema and, through the trust backfill, most of the domain, which the run's main process otherwise never
 * needs (on PGlite, a run whose snapshot exists only hashes the migration files).
 */
async function database() {
  const [{ openDatabase }, { migrateDatabase }] = await Promise.all([
    import('../../src/db/client'),
    import('../../src/db/migrate'),
  ])
  return { openDatabase, migrateDatabase }
}

export const migrationsFolder = resolve(import.meta.dirname, '../../migrations')

function filesUnder(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const path = join(dir, name)
      return statSync(path).isDirectory() ? filesUnder(path) : [path]
    })
}

/** A digest of everything that decides the migrated database: the migration files and the PGlite version. */
function snapshotKey(): string {
  const hash = createHash('sha256')
  const root = resolve(import.meta.dirname, '../..')
  const pglite = JSON.parse(
    readFileSync(join(root, 'node_modules/@electric-sql/pglite/package.json'), 'utf8')
  ) as { version: string }
  hash.update(`pglite ${pglite.version}\n`)
  for (const file of filesUnder(migrationsFolder)) {
    hash.update(`${relative(migrationsFolder, file)}\n`)
    hash.update(readFileSync(file))
  }
  return hash.digest('hex').slice(0, 16)
}

async function pgliteSnapshot(): Promise<string> {
  const path = join(tmpdir(), `trialworks-pglite-${snapshotKey()}.tar`)
  if (existsSync(path)) return path
  const { openDatabase, migrateDatabase } = await database()
  const open = await openDatabase({})
  try {
    await migrateDatabase(open, migrationsFolder)
    const client = (open.db as unknown as { $client: import('@electric-sql/pglite').PGlite })
      .$client
    const dump = await client.dumpDataDir('none')
    // Written beside, then renamed: a concurrent run never reads a half-written tarball.
    const partial = `${path}.${process.pid}.partial`
    writeFileSync(partial, Buffer.from(await dump.arrayBuffer()))
    renameSync(partial, path)
  } finally {
    await open.close()
  }
  return path
}

async function templateDatabase(
  serverUrl: string
): Promise<{ name: string; drop(): Promise<void> }> {
  const { default: postgres } = await import('postgres')
  const name = `tw_template_${randomBytes(6).toString('hex')}`
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} })
  await admin.unsafe(`create database ${name}`)
  await admin.end()
  const url = new URL(serverUrl)
  url.pathname = `/${name}`
  const { openDatabase, migrateDatabase } = await database()
  const open = await openDatabase({ databaseUrl: url.toString() })
  try {
    await migrateDatabase(open, migrationsFolder)
  } finally {
    // A template cannot be copied while anyone is connected to it.
    await open.close()
  }
  return {
    name,
    async drop() {
      const cleanup = postgres(serverUrl, { max: 1, onnotice: () => {} })
      await cleanup.unsafe(`drop database if exists ${name} with (force)`)
      await cleanup.end()
    },
  }
}

export default async function setup(project: TestProject) {
  const serverUrl = process.env.DATABASE_URL
  if (!serverUrl) {
    project.provide('pgliteSnapshot', await pgliteSnapshot())
    project.provide('templateDatabase', null)
    return
  }
  const template = await templateDatabase(serverUrl)
  project.provide('pgliteSnapshot', null)
  project.provide('templateDatabase', template.name)
  return () => template.drop()
}
