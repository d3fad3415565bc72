import { type ChildProcess, spawn } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { resolve } from 'node:path'
import pg from 'pg'

// `npm run cluster:demo`: three Plugboard nodes on the local PostgreSQL, each with its own port and
// DATA_DIR, until Ctrl-C (which stops each of them by its pid, as SIGTERM: they drain first).
// Settings: DATABASE_URL (default a database `plugboard_cluster_demo` on 127.0.0.1, created when
// missing), CLUSTER_DEMO_PORT (the first node's port, default 8080; the others follow), and the
// cluster's own variables (short leases by default here, so a kill shows within seconds).
const databaseUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/plugboard_cluster_demo'
const firstPort = Number(process.env.CLUSTER_DEMO_PORT ?? 8080)
const NAMES = ['node-a', 'node-b', 'node-c']
const timings = {
  PLUGBOARD_LEASE_MS: process.env.PLUGBOARD_LEASE_MS ?? '6000',
  PLUGBOARD_HEARTBEAT_MS: process.env.PLUGBOARD_HEARTBEAT_MS ?? '2000',
  PLUGBOARD_LEASE_GRACE_MS: process.env.PLUGBOARD_LEASE_GRACE_MS ?? '3000',
}

/** Creates the database when the server has none of that name (first run). */
async function ensureDatabase(url: string): Promise<void> {
  const target = new URL(url)
  const name = decodeURIComponent(target.pathname.slice(1))
  const admin = new URL(url)
  admin.pathname = '/postgres'
  const client = new pg.Client({ connectionString: admin.toString() })
  await client.connect()
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name])
    if (rowCount === 0) {
      await client.query(`CREATE DATABASE "${name.replaceAll('"', '""')}"`)
      console.log(`created the database ${name}`)
    }
  } finally {
    await client.end()
  }
}

/**
 * Every node must seal and open plugin secrets with the same key: one is kept beside the nodes'
 * data directories (or PLUGBOARD_SECRET_KEY is used as given).
 */
function sharedSecretKey(): string {
  if (process.env.PLUGBOARD_SECRET_KEY) return process.env.PLUGBOARD_SECRET_KEY
  const dir = resolve('data', 'cluster-demo')
  const file = resolve(dir, 'secret.key')
  try {
    return readFileSync(file, 'utf8').trim()
  } catch {
    mkdirSync(dir, { recursive: true })
    const key = randomBytes(32).toString('base64')
    writeFileSync(file, `${key}\n`, { mode: 0o600 })
    return key
  }
}
const secretKey = sharedSecretKey()

interface Node {
  name: string
  port: number
  child: ChildProcess
  exited: Promise<number | null>
}

/** One node as its own process (node + tsx, so the pid printed is the server's). */
function startNode(name: string, port: number, skipBuild: boolean): Promise<Node> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    env: {
      ...process.env,
      ...timings,
      DATABASE_URL: databaseUrl,
      PLUGBOARD_SECRET_KEY: secretKey,
      NODE_ID: name,
      PORT: String(port),
      DATA_DIR: resolve('data', 'cluster-demo', name),
      LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
      ...(skipBuild ? { PLUGBOARD_SKIP_BUILD: '1' } : {}),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)))
  const prefix = (text: string) =>
    text
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map((line) => `[${name}] ${line}\n`)
      .join('')
  child.stderr?.on('data', (chunk: Buffer) => process.stderr.write(prefix(String(chunk))))
  return new Promise((ready, fail) => {
    child.stdout?.on('data', (chunk: Buffer) => {
      const text = String(chunk)
      process.stdout.write(prefix(text))
      if (text.includes('Plugboard is running at')) ready({ name, port, child, exited })
    })
    void exited.then((code) => fail(new Error(`${name} exited with ${code} before it started`)))
  })
}

await ensureDatabase(databaseUrl)
const nodes: Node[] = []
let stopping = false
const stopAll = async () => {
  if (stopping) return
  stopping = true
  console.log('\nstopping every node (SIGTERM by pid: each drains, then exits)…')
  for (const node of nodes) {
    if (node.child.exitCode === null && node.child.signalCode === null && node.child.pid) {
      process.kill(node.child.pid, 'SIGTERM')
    }
  }
  await Promise.all(nodes.map((node) => node.exited))
  process.exit(0)
}
process.on('SIGINT', () => void stopAll())
process.on('SIGTERM', () => void stopAll())

try {
  // The first node builds the console if it needs to; the others reuse that build.
  for (const [index, name] of NAMES.entries()) nodes.push(await startNode(name, firstPort + index, index > 0))
} catch (error) {
  console.error(String(error))
  await stopAll()
}
console.log(`\nThree nodes on ${databaseUrl.replace(/\/\/[^@]*@/, '//')}:`)
for (const node of nodes) console.log(`  ${node.name}  http://localhost:${node.port}  pid ${node.child.pid}`)
console.log(
  `\nLease ${timings.PLUGBOARD_LEASE_MS} ms, heartbeat ${timings.PLUGBOARD_HEARTBEAT_MS} ms, grace ${timings.PLUGBOARD_LEASE_GRACE_MS} ms.`,
)
console.log(
  `Kill a node (kill -9 <pid>) and watch its plugins move on another node's Plugins and Nodes pages.`,
)
console.log('Ctrl-C stops them all.')
for (const node of nodes) {
  void node.exited.then((code) => {
    if (!stopping) console.log(`${node.name} (pid ${node.child.pid}) exited with ${code}`)
  })
}
