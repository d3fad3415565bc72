import type { Context } from 'hono'
import type { AppDeps } from '#server/app/ports.ts'

/**
 * `/api/ready`: 200 once the plugins that were ready before the restart run again, 503 while
 * they start (the server answers from the first moment; `/api/health` says it is alive).
 */
export function readyResponse(c: Context, deps: AppDeps): Response {
  const state = deps.readiness?.() ?? { ready: true, starting: 0, started: 0, failed: 0 }
  const { ready, ...plugins } = state
  return c.json({ status: ready ? 'ready' : 'starting', plugins }, ready ? 200 : 503)
}
