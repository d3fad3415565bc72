import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { SESSION_COOKIE } from '#core/api/auth-schemas.ts'
import { CSRF_HEADER, CSRF_HEADER_VALUE } from '#core/auth/csrf.ts'
import { sessionIdOf } from '#server/app/auth/session-token.ts'
import { openDb } from '#server/sql/open-db.ts'
import { createSqlAccountStore } from '#server/sql/sql-account-store.ts'
import { BENCH_TOKEN, BENCH_WS, seedAccount } from './api-seed.ts'
import { rssMb, spawnTs, stop, waitForLine } from './bench-process.ts'

// A session may hold a few streams only (one per tab): every reader signs in as its own session.
const tokenOf = (reader: number) => `${BENCH_TOKEN}-reader-${reader}`

interface Reader {
  /** Resolves when the next event named `name` arrives on this stream. */
  next(name: string): Promise<number>
  close(): void
}

/** One Server-Sent Events reader over fetch: records when each named event arrives. */
async function openReader(url: string, token: string): Promise<Reader> {
  const controller = new AbortController()
  const response = await fetch(`${url}/api/workspaces/${BENCH_WS}/stream`, {
    headers: { cookie: `${SESSION_COOKIE}=${token}`, accept: 'text/event-stream' },
    signal: controller.signal,
  })
  if (response.status !== 200 || !response.body) throw new Error(`stream answered ${response.status}`)
  const waiting = new Map<string, ((at: number) => void)[]>()
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader()
  let buffer = ''
  void (async () => {
    try {
      for (;;) {
        const { value, done } = await reader.read()
        if (done) return
        buffer += value
        const blocks = buffer.split('\n\n')
        buffer = blocks.pop() ?? ''
        for (const block of blocks) {
          const name = block.match(/^event: (.+)$/m)?.[1]
          if (!name) continue
          const at = performance.now()
          for (const resolve of waiting.get(name) ?? []) resolve(at)
          waiting.delete(name)
        }
      }
    } catch {
      // closed by the bench
    }
  })()
  return {
    next: (name) => new Promise((resolve) => waiting.set(name, [...(waiting.get(name) ?? []), resolve])),
    close: () => controller.abort(),
  }
}

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0
}
const ms = (value: number) => `${value.toFixed(1)} ms`

/**
 * The workspace stream on the real server (PGlite): how long a change takes from the request that
 * makes it to a listening stream (p50/p95), and with `streams` readers open, the memory each costs
 * and the time until every one of them has the event.
 */
export async function streamBench(streams = Number(process.env.BENCH_STREAMS ?? 200)): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'plugboard-stream-bench-'))
  const dataDir = join(dir, 'data')
  const db = await openDb({ dataDir: join(dataDir, 'db') })
  try {
    await seedAccount(db)
    const accounts = createSqlAccountStore(db)
    const at = new Date().toISOString()
    const expiresAt = new Date(Date.now() + 86_400_000).toISOString()
    for (let reader = 0; reader < streams; reader++) {
      const id = await sessionIdOf(tokenOf(reader))
      await accounts.createSession({ id, userId: 'u_bench', createdAt: at, expiresAt })
    }
  } finally {
    await db.close()
  }
  const child = spawnTs('server/main.ts', [], {
    PORT: '0',
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    DATABASE_URL: '',
    PLUGBOARD_SKIP_BUILD: '1',
    PLUGBOARD_RUNTIME: 'simulated',
    PLUGBOARD_DIST_DIR: join(dir, 'dist'),
    LOG_LEVEL: 'warn',
  })
  const readers: Reader[] = []
  try {
    const [, found] = await waitForLine(child, /Plugboard is running at (\S+)/)
    const url = (found as string).replace('localhost', '127.0.0.1')
    let policy: 'admins' | 'everyone' = 'admins'
    // Each change flips who may install: one `settings.changed` event per request.
    const change = async () => {
      policy = policy === 'admins' ? 'everyone' : 'admins'
      const started = performance.now()
      const response = await fetch(`${url}/api/workspaces/${BENCH_WS}/settings`, {
        method: 'PATCH',
        headers: {
          cookie: `${SESSION_COOKIE}=${BENCH_TOKEN}`,
          'content-type': 'application/json',
          [CSRF_HEADER]: CSRF_HEADER_VALUE,
        },
        body: JSON.stringify({ installPolicy: policy }),
      })
      if (response.status !== 200) throw new Error(`PATCH settings answered ${response.status}`)
      return started
    }

    readers.push(await openReader(url, tokenOf(0)))
    const one = readers[0] as Reader
    const latencies: number[] = []
    for (let round = 0; round < 30; round++) {
      const arrived = one.next('settings.changed')
      const started = await change()
      latencies.push((await arrived) - started)
    }

    const before = rssMb(child.pid)
    for (let reader = 1; reader < streams; reader++) readers.push(await openReader(url, tokenOf(reader)))
    const after = rssMb(child.pid)
    const fanOuts: number[] = []
    for (let round = 0; round < 10; round++) {
      const arrivals = readers.map((reader) => reader.next('settings.changed'))
      const started = await change()
      fanOuts.push(Math.max(...(await Promise.all(arrivals))) - started)
    }

    console.log('stream: a change on the real server (PGlite) until a listening stream has it')
    console.log(
      `  one stream, 30 changes: p50 ${ms(percentile(latencies, 50))}, p95 ${ms(percentile(latencies, 95))}`,
    )
    const perStream = before !== null && after !== null ? ((after - before) * 1024) / (streams - 1) : null
    console.log(
      `  ${streams} streams open: server RSS ${before} → ${after} MB (${perStream === null ? '?' : perStream.toFixed(0)} kB per stream)`,
    )
    console.log(
      `  fan-out of one change to all ${streams}: p50 ${ms(percentile(fanOuts, 50))}, max ${ms(Math.max(...fanOuts))} (10 changes)`,
    )
  } finally {
    for (const reader of readers) reader.close()
    await stop(child)
    await rm(dir, { recursive: true, force: true })
  }
}
