// The load generator, run in its own process so it never shares a CPU queue with the server.
// `open`: requests leave on a fixed schedule whatever the answers do (latency counts from the
// scheduled time, so a stalled server shows as latency, not as fewer requests). `max`: a fixed
// number of connections, each sending its next request as soon as the last one answered.
import http from 'node:http'

export interface LoadPlan {
  mode: 'open' | 'max'
  /** Requests cycle through these paths. */
  urls: string[]
  headers: Record<string, string>
  seconds: number
  /** open: requests per second. */
  rate?: number
  /** max: concurrent connections. */
  connections?: number
}

export interface LoadResult {
  sent: number
  answered: number
  errors: number
  rps: number
  p50: number
  p99: number
  max: number
  statuses: Record<string, number>
}

const agent = new http.Agent({ keepAlive: true, maxSockets: 512 })

function send(url: URL, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const request = http.get(url, { agent, headers }, (response) => {
      response.on('data', () => {})
      response.on('end', () => resolve(response.statusCode ?? 0))
      response.on('error', reject)
    })
    request.on('error', reject)
  })
}

const quantile = (sorted: number[], q: number) =>
  sorted.length === 0 ? 0 : (sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * q))] ?? 0)

async function run(plan: LoadPlan): Promise<LoadResult> {
  const urls = plan.urls.map((url) => new URL(url))
  const latencies: number[] = []
  const statuses: Record<string, number> = {}
  let sent = 0
  let errors = 0
  const one = async (scheduledAt: number) => {
    const url = urls[sent % urls.length] as URL
    sent++
    try {
      const status = await send(url, plan.headers)
      statuses[status] = (statuses[status] ?? 0) + 1
      latencies.push(performance.now() - scheduledAt)
    } catch {
      errors++
    }
  }
  const started = performance.now()
  const end = started + plan.seconds * 1000
  const pending = new Set<Promise<void>>()
  const track = (work: Promise<void>) => {
    pending.add(work)
    void work.finally(() => pending.delete(work))
  }
  if (plan.mode === 'open') {
    const interval = 1000 / (plan.rate ?? 100)
    let next = started
    while (next < end) {
      const now = performance.now()
      while (next <= now && next < end) {
        track(one(next))
        next += interval
      }
      await new Promise((resolve) => setImmediate(resolve))
    }
  } else {
    const loop = async () => {
      while (performance.now() < end) await one(performance.now())
    }
    await Promise.all(Array.from({ length: plan.connections ?? 32 }, loop))
  }
  await Promise.all(pending)
  const elapsed = (performance.now() - started) / 1000
  const sorted = latencies.sort((a, b) => a - b)
  const round = (value: number) => Math.round(value * 10) / 10
  return {
    sent,
    answered: latencies.length,
    errors,
    rps: Math.round(latencies.length / elapsed),
    p50: round(quantile(sorted, 0.5)),
    p99: round(quantile(sorted, 0.99)),
    max: round(sorted.at(-1) ?? 0),
    statuses,
  }
}

const plan = JSON.parse(process.argv[2] ?? '{}') as LoadPlan
process.stdout.write(`${JSON.stringify(await run(plan))}\n`)
agent.destroy()
