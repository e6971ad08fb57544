import postgres from 'postgres'

/** The WAL one database's transactions wrote between two points, from PostgreSQL's own log (pg_walinspect). */
export interface WalWritten {
  records: number
  bytes: number
  /** Pages logged whole: the first change to a page after a checkpoint writes all of it (about 8 KB). */
  fullPageImages: number
  fullPageBytes: number
  commits: number
}

export interface WalMeter {
  /** The current end of the WAL, to measure from. */
  mark(): Promise<string>
  /**
   * What this database's transactions wrote since `from`, up to the WAL already flushed (pg_walinspect reads no
   * further): every transaction committed by then is in it, as commits wait for the flush (synchronous_commit on).
   */
  since(from: string): Promise<WalWritten>
  close(): Promise<void>
}

/**
 * Counts the WAL written for one database: its records (each names the database of the pages it changes) and the
 * commit records of the transactions that wrote them. The server's WAL is shared, so other databases' work is left
 * out; unlike a timing, the count does not move with the machine's load. Null when pg_walinspect is not
 * installed (it comes with postgresql-contrib, PostgreSQL 15 or later) or may not be created.
 */
export async function walMeter(databaseUrl: string): Promise<WalMeter | null> {
  const sql = postgres(databaseUrl, { max: 1, onnotice: () => {} })
  try {
    await sql`create extension if not exists pg_walinspect`
  } catch {
    await sql.end({ timeout: 1 })
    return null
  }
  const [{ oid }] = await sql<{ oid: string }[]>`
    select oid::text from pg_database where datname = current_database()`
  const ours = `% rel %/${oid}/%`
  return {
    mark: async () =>
      (await sql<{ lsn: string }[]>`select pg_current_wal_insert_lsn()::text as lsn`)[0]!.lsn,
    since: async (from) => {
      const [row] = await sql<
        {
          records: number
          bytes: string
          full_pages: number
          full_page_bytes: string
          commits: number
        }[]
      >`
        with r as (
          select resource_manager, record_type, xid, record_length, fpi_length, block_ref
          from pg_get_wal_records_info(${from}::pg_lsn, pg_current_wal_flush_lsn())
        ), mine as (
          select * from r where block_ref like ${ours}
          union all
          select * from r
          where resource_manager = 'Transaction' and record_type like 'COMMIT%'
            and xid in (select xid from r where block_ref like ${ours})
        )
        select count(*)::int as records, coalesce(sum(record_length), 0)::text as bytes,
               coalesce(sum(regexp_count(block_ref, '\\(FPW\\)')), 0)::int as full_pages,
               coalesce(sum(fpi_length), 0)::text as full_page_bytes,
               count(*) filter (where resource_manager = 'Transaction')::int as commits
        from mine`
      return {
        records: row!.records,
        bytes: Number(row!.bytes),
        fullPageImages: row!.full_pages,
        fullPageBytes: Number(row!.full_page_bytes),
        commits: row!.commits,
      }
    },
    close: () => sql.end({ timeout: 1 }),
  }
}

/** Per unit of work (an enrolment, a pgbench transaction), as the benchmarks report it. */
/** Several measurements of {@link WalMeter.since} added up. */
export function walTotal(parts: readonly WalWritten[]): WalWritten {
  const sum = (field: keyof WalWritten) => parts.reduce((total, w) => total + w[field], 0)
  return {
    records: sum('records'),
    bytes: sum('bytes'),
    fullPageImages: sum('fullPageImages'),
    fullPageBytes: sum('fullPageBytes'),
    commits: sum('commits'),
  }
}

export function walPer(wal: WalWritten, units: number) {
  const per = (x: number) => Math.round((x / Math.max(1, units)) * 100) / 100
  return {
    records: per(wal.records),
    kib: per(wal.bytes / 1024),
    full_page_images: per(wal.fullPageImages),
    full_page_kib: per(wal.fullPageBytes / 1024),
  }
}
