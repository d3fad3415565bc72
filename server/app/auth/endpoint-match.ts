import { ENDPOINTS, type Endpoint, type EndpointId } from '#core/api/endpoints.ts'

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

/**
 * The endpoint of a request; among several that match, the one with the most literal segments
 * (`/tasks/clear` before `/tasks/:taskId`). Null when the table has none: the guard refuses it.
 */
export function matchEndpoint(method: string, path: string): EndpointMatch | null {
  const actual = segmentsOf(path)
  let best: (EndpointMatch & { literal: number }) | null = null
  for (const candidate of ENDPOINT_ENTRIES) {
    if (candidate.method !== method) continue
    const pattern = segmentsOf(candidate.path)
    if (pattern.length !== actual.length) continue
    const params: Record<string, string> = {}
    let literal = 0
    const matches = pattern.every((segment, index) => {
      const value = actual[index] ?? ''
      if (segment.startsWith(':')) {
        params[segment.slice(1)] = value
        return true
      }
      literal++
      return segment === value
    })
    if (matches && (!best || literal > best.literal)) best = { endpoint: candidate, params, literal }
  }
  return best && { endpoint: best.endpoint, params: best.params }
}
