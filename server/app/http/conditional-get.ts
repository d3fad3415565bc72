import type { Context } from 'hono'

/**
 * A list the SPA polls, answered 304 while nothing in it changed. The ETag comes from the
 * store's cheap version of the list (not from hashing the body), so an unchanged poll costs
 * one small query and no body at all. `no-cache` makes the browser revalidate every time, and
 * its HTTP cache hands the stored body to the caller on a 304. The version is per workspace:
 * every query string of the list shares it, which is right because each URL is cached apart.
 */
export async function conditionalJson(
  c: Context,
  version: Promise<string>,
  body: () => Promise<unknown>,
): Promise<Response> {
  const etag = `W/"${await version}"`
  c.header('ETag', etag)
  c.header('Cache-Control', 'private, no-cache')
  const sent = c.req.header('If-None-Match')
  if (sent?.split(',').some((tag) => tag.trim() === etag)) return c.body(null, 304)
  return c.json(await body())
}
