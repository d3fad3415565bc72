import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { serveStatic } from '@hono/node-server/serve-static'
import { Hono } from 'hono'
import { securityHeaders } from '#server/app/http/security-headers.ts'
import type { Logger } from './logger.ts'

export interface ServerAppOptions {
  /** The API (createApp over the real deps); `env` carries Node's request, for the client address. */
  api: { fetch(request: Request, env?: unknown): Response | Promise<Response> }
  logger: Logger
  distDir: string
}

/**
 * One port for everything: `/api/*` goes to the API (which answers unknown paths with its JSON 404),
 * every other GET is a file of the built SPA, or index.html so client-side routes load.
 */
export function createServerApp({ api, logger, distDir }: ServerAppOptions): Hono {
  const root = new Hono()
  let indexHtml: Promise<string> | undefined

  root.use(async (c, next) => {
    const started = performance.now()
    await next()
    const ms = Math.round((performance.now() - started) * 10) / 10
    logger.info('request', { method: c.req.method, path: c.req.path, status: c.res.status, ms })
  })
  // The API's own policy (server/app/http/security-headers.ts), for the SPA's files too.
  root.use(securityHeaders())
  root.all('/api/*', (c) => api.fetch(c.req.raw, c.env))
  root.all('/api', (c) => api.fetch(c.req.raw, c.env))
  // Vite's hashed assets never change under the same name: cache them for a year.
  root.use('/assets/*', async (c, next) => {
    await next()
    if (c.res.status === 200) c.header('Cache-Control', 'public, max-age=31536000, immutable')
  })
  root.use('*', serveStatic({ root: distDir }))
  root.get('*', async (c) => {
    indexHtml ??= readFile(join(distDir, 'index.html'), 'utf8')
    try {
      return c.html(await indexHtml)
    } catch {
      indexHtml = undefined
      return c.text(
        'The web app is not built: run `npx vite build` or start without PLUGBOARD_SKIP_BUILD.',
        503,
      )
    }
  })
  return root
}
