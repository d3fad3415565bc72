import type { Context } from 'hono'

/** Bodies kept per URL; the oldest go first. */
const MAX_BODIES = 200

/**
 * Lists the SPA polls. The ETag is the store's cheap version of the list (see list-versions.ts),
 * not a hash of the body: an unchanged list answers 304 with no body, and `no-cache` makes the
 * browser revalidate each time (its HTTP cache hands the stored body to the caller on a 304).
 * A client without the ETag gets the last body made for the same URL and version, as text: an
 * unchanged list is not queried, mapped or serialised again. The version is per workspace, so
 * every query string of a list shares it; each URL is cached apart.
 */
export function listResponder() {
  const bodies = new Map<string, { version: string; text: string }>()
  return async (c: Context, version: Promise<string>, body: () => Promise<unknown>): Promise<Response> => {
    const current = await version
    const etag = `W/"${current}"`
    c.header('ETag', etag)
    c.header('Cache-Control', 'private, no-cache')
    const sent = c.req.header('If-None-Match')
    if (sent?.split(',').some((tag) => tag.trim() === etag)) return c.body(null, 304)
    const url = c.req.url
    let kept = bodies.get(url)
    if (kept?.version !== current) {
      kept = { version: current, text: JSON.stringify(await body()) }
      bodies.delete(url)
      if (bodies.size >= MAX_BODIES) bodies.delete(bodies.keys().next().value as string)
      bodies.set(url, kept)
    }
    return c.body(kept.text, 200, { 'Content-Type': 'application/json' })
  }
}
