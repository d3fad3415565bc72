import type { Hono } from 'hono'
import { http } from 'msw'
import { SESSION_COOKIE } from '#core/api/auth-schemas.ts'
import { createSessionJar } from './session-jar.ts'

/**
 * Every /api request goes to the real app, in process (browser worker, msw/node, tests). With a
 * `sessionToken`, requests are signed in as the scenario's demo user; sign-in and sign-out through
 * the API then change who that is (a cookie jar of our own, since a mocked response cannot set an
 * httpOnly cookie in the browser).
 */
export function apiHandlers(app: Hono, options: { sessionToken?: string } = {}) {
  const jar = createSessionJar(SESSION_COOKIE, options.sessionToken)
  return [
    http.all('*/api/*', async ({ request }) => {
      const response = await app.fetch(jar.attach(request))
      jar.remember(response)
      return response
    }),
  ]
}
