import type { ChildProcess } from 'node:child_process'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pg from 'pg'
import { SESSION_COOKIE } from '#core/api/auth-schemas.ts'
import type { DialectDb } from '#server/sql/db.ts'
import { openDb } from '#server/sql/open-db.ts'
import { BENCH_TOKEN, BENCH_WS, seedAccount, seedPlugins, seedTasks } from './api-seed.ts'
import { rssMb, runJson, spawnTs, stop, waitForLine } from './bench-process.ts'
import type { LoadPlan, LoadResult } from './load-driver.ts'
import { benchDbPrefix, postgresAdminUrl } from './postgres-admin.ts'

const PATHS = [
  `/api/workspaces/${BENCH_WS}/plugins?pageSize=50`,
  `/api/workspaces/${BENCH_WS}/tasks?pageSize=50`,
  `/api/workspaces/${BENCH_WS}/plugins/p000004`,
]
const HEADERS = { cookie: `${SESSION_COOKIE}=${BENCH_TOKEN}` }

interface Row {
  target: string
  max: LoadResult
  at500: LoadResult
  rss: number | null
  startMs?: number
}

async function seed(db: DialectDb): Promise<void> {
  try {
    await seedAccount(db)
    await seedPlugins(db, 200)
    await seedTasks(db, 100)
  } finally {
    await db.close()
  }
}

async function load(urls: string[], seconds: number): Promise<{ max: LoadResult; at500: LoadResult }> {
  const plan = (extra: Partial<LoadPlan>): string =>
    JSON.stringify({ urls, headers: HEADERS, seconds, ...extra } satisfies Partial<LoadPlan>)
  // A short warm-up lets the JIT and the connection pool settle before anything is measured.
  await runJson('bench/load-driver.ts', [plan({ mode: 'max', connections: 8, seconds: 1 })])
  const max = await runJson<LoadResult>('bench/load-driver.ts', [plan({ mode: 'max', connections: 32 })])
  const at500 = await runJson<LoadResult>('bench/load-driver.ts', [plan({ mode: 'open', rate: 500 })])
  return { max, at500 }
}

async function startServer(
  env: NodeJS.ProcessEnv,
): Promise<{ child: ChildProcess; url: string; startMs: number }> {
  const started = performance.now()
  const profile = process.env.BENCH_CPU_PROF
  const flags = profile ? ['--cpu-prof', `--cpu-prof-dir=${profile}`] : []
  const child = spawnTs('server/main.ts', [], env, flags)
  const [, url] = await waitForLine(child, /Plugboard is running at (\S+)/)
  return {
    child,
    url: (url as string).replace('localhost', '127.0.0.1'),
    startMs: performance.now() - started,
  }
}

async function benchServer(
  target: string,
  env: NodeJS.ProcessEnv,
  seconds: number,
): Promise<{ row: Row; bodies: Record<string, string> }> {
  const { child, url, startMs } = await startServer(env)
  try {
    const bodies: Record<string, string> = {}
    for (const path of PATHS) {
      const response = await fetch(url + path, { headers: HEADERS })
      if (response.status !== 200) throw new Error(`${target}: GET ${path} answered ${response.status}`)
      bodies[path] = await response.text()
    }
    const rss = rssMb(child.pid)
    const result = await load(
      PATHS.map((path) => url + path),
      seconds,
    )
    return { row: { target, ...result, rss, startMs }, bodies }
  } finally {
    await stop(child)
  }
}

async function benchBaseline(kind: 'node' | 'hono', bodiesFile: string, seconds: number): Promise<Row> {
  const child = spawnTs('bench/baseline-server.ts', [kind, bodiesFile])
  try {
    const [, url] = await waitForLine(child, /listening (\S+)/)
    const rss = rssMb(child.pid)
    const result = await load(
      PATHS.map((path) => url + path),
      seconds,
    )
    return { target: `bare ${kind === 'node' ? 'node:http' : 'Hono'}`, ...result, rss }
  } finally {
    await stop(child)
  }
}

const pad = (value: string | number, width: number) => String(value).padStart(width)

function print(rows: Row[], sizes: Record<string, number>): void {
  console.log('api: authenticated GET plugin list, task list, plugin detail (page size 50), round-robin')
  console.log(
    `  answer sizes: ${Object.entries(sizes)
      .map(([path, bytes]) => `${path.split('/').slice(4).join('/')} ${(bytes / 1024).toFixed(1)} kB`)
      .join(', ')}`,
  )
  console.log(
    `  ${'target'.padEnd(20)}${pad('max rps', 9)}${pad('p50@500', 10)}${pad('p99@500', 10)}${pad('rps@500', 9)}${pad('errors', 8)}${pad('RSS MB', 8)}${pad('start ms', 10)}`,
  )
  for (const row of rows) {
    const errors = row.at500.errors + row.max.errors + (row.at500.answered - (row.at500.statuses['200'] ?? 0))
    console.log(
      `  ${row.target.padEnd(20)}${pad(row.max.rps, 9)}${pad(row.at500.p50, 10)}${pad(row.at500.p99, 10)}${pad(row.at500.rps, 9)}${pad(errors, 8)}${pad(row.rss ?? '?', 8)}${pad(row.startMs === undefined ? '' : Math.round(row.startMs), 10)}`,
    )
  }
}

/**
 * Open-loop load on the real server (PGlite, and PostgreSQL when one answers) beside a bare
 * node:http server and a bare Hono app answering the same bytes. docs/quality-bars.md: p99 ≤ 20 ms
 * at 500 rps, max throughput within 5× of bare Hono.
 */
export async function apiLoadBench(seconds = 5): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'plugboard-api-bench-'))
  const common = {
    PORT: '0',
    HOST: '127.0.0.1',
    PLUGBOARD_SKIP_BUILD: '1',
    PLUGBOARD_RUNTIME: 'simulated',
    PLUGBOARD_DIST_DIR: join(dir, 'dist'),
    LOG_LEVEL: 'info',
  }
  const rows: Row[] = []
  let bodies: Record<string, string> = {}
  try {
    const dataDir = join(dir, 'pglite')
    await seed(await openDb({ dataDir: join(dataDir, 'db') }))
    const pglite = await benchServer(
      'plugboard/PGlite',
      { ...common, DATA_DIR: dataDir, DATABASE_URL: '' },
      seconds,
    )
    rows.push(pglite.row)
    bodies = pglite.bodies

    const adminUrl = await postgresAdminUrl()
    if (adminUrl) {
      const name = `${benchDbPrefix()}_${process.pid}`
      const admin = new pg.Client({ connectionString: adminUrl })
      await admin.connect()
      await admin.query(`CREATE DATABASE ${name}`)
      const url = new URL(adminUrl)
      url.pathname = `/${name}`
      try {
        await seed(await openDb({ databaseUrl: url.toString() }))
        const env = { ...common, DATA_DIR: join(dir, 'pg'), DATABASE_URL: url.toString() }
        rows.push((await benchServer('plugboard/PostgreSQL', env, seconds)).row)
      } finally {
        await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)
        await admin.end()
      }
    } else {
      console.log('api: no PostgreSQL answered (DATABASE_URL or 127.0.0.1:5432); PGlite only')
    }

    const bodiesFile = join(dir, 'bodies.json')
    await writeFile(bodiesFile, JSON.stringify(bodies))
    rows.push(await benchBaseline('node', bodiesFile, seconds))
    rows.push(await benchBaseline('hono', bodiesFile, seconds))
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
  print(
    rows,
    Object.fromEntries(Object.entries(bodies).map(([path, body]) => [path, Buffer.byteLength(body)])),
  )
}
