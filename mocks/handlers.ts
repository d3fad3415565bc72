import type { Hono } from 'hono'
import { http } from 'msw'

/**
 * Every /api request goes to the real app, in process (browser worker, msw/node, tests). Who is
 * signed in is the app's session jar (see mock-app.ts), not a cookie.
 */
export function apiHandlers(app: Hono) {
  return [http.all('*/api/*', ({ request }) => app.fetch(request))]
}
