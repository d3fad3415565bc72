import type { Endpoint } from '#core/api/endpoint-types.ts'
import { ENDPOINTS, type EndpointId } from '#core/api/endpoints.ts'

/** An entry of the endpoint table with its id. */
export type EndpointEntry = Endpoint & { id: EndpointId }

export const ENDPOINT_ENTRIES: readonly EndpointEntry[] = Object.entries(ENDPOINTS).map(([id, endpoint]) => ({
  ...endpoint,
  id: id as EndpointId,
}))

interface EndpointMatch {
  endpoint: EndpointEntry
  params: Record<string, string>
}

const segmentsOf = (path: string) => path.split('/').filter(Boolean)

interface Pattern {
  entry: EndpointEntry
  /** Each segment: a literal to equal, or a parameter's name (from `:name`). */
  segments: { literal: string | null; param: string | null }[]
  literals: number
}

/**
 * The table's paths split once, grouped by method and segment count: a request is compared with
 * the few entries that could match, not re-splitting every path of the table each time (the
 * matcher showed up at ~5 % of a server's busy time under read load).
 */
const PATTERNS = new Map<string, Pattern[]>()
for (const entry of ENDPOINT_ENTRIES) {
  const segments = segmentsOf(entry.path).map((segment) =>
    segment.startsWith(':') ? { literal: null, param: segment.slice(1) } : { literal: segment, param: null },
  )
  const key = `${entry.method} ${segments.length}`
  const group = PATTERNS.get(key) ?? []
  group.push({ entry, segments, literals: segments.filter((segment) => segment.literal !== null).length })
  PATTERNS.set(key, group)
}

/**
 * The endpoint of a request; among several that match, the one with the most literal segments
 * (`/tasks/clear` before `/tasks/:taskId`). Null when the table has none: the guard refuses it.
 */
export function matchEndpoint(method: string, path: string): EndpointMatch | null {
  const actual = segmentsOf(path)
  let best: Pattern | null = null
  for (const candidate of PATTERNS.get(`${method} ${actual.length}`) ?? []) {
    if (best && candidate.literals <= best.literals) continue
    if (candidate.segments.every(({ literal }, index) => literal === null || literal === actual[index])) {
      best = candidate
    }
  }
  if (!best) return null
  const params: Record<string, string> = {}
  best.segments.forEach(({ param }, index) => {
    if (param !== null) params[param] = actual[index] ?? ''
  })
  return { endpoint: best.entry, params }
}
