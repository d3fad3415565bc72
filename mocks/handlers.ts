import type { Hono } from 'hono'
import { http } from 'msw'

/**
 * `/api/…` at the root of any origin, and nothing else: in dev, Vite serves source modules such as
 * `/src/features/tasks/api/task-queries.ts`, whose path also holds an `/api/` segment.
 */
export const API_REQUEST = /^[a-z]+:\/\/[^/]+\/api(?:\/|$)/

/**
 * Every /api request goes to the real app, in process (browser worker, msw/node, tests). Who is
 * signed in is the app's session jar (see mock-app.ts), not a cookie.
 */
export function apiHandlers(app: Hono) {
  return [http.all(API_REQUEST, ({ request }) => app.fetch(request))]
}
