import { Hono } from 'hono'
import { ChangePasswordSchema, LoginRequestSchema, SetupRequestSchema } from '#core/api/auth-schemas.ts'
import { userOf } from '#server/app/auth/auth-context.ts'
import { parseBody } from '#server/app/http/request-input.ts'
import type { AccountService } from '#server/app/services/account-service.ts'

/** `/api/auth`: first-run setup, sign-in, sign-out, who am I. */
export function authRoutes(accounts: AccountService): Hono {
  const routes = new Hono()
  routes.get('/setup', async (c) => c.json({ setupRequired: await accounts.setupRequired() }))
  routes.post('/setup', async (c) =>
    c.json(await accounts.setup(c, await parseBody(c, SetupRequestSchema)), 201),
  )
  routes.post('/login', async (c) => c.json(await accounts.login(c, await parseBody(c, LoginRequestSchema))))
  routes.post('/logout', async (c) => {
    await accounts.logout(c)
    return c.body(null, 204)
  })
  routes.get('/me', async (c) => c.json(await accounts.me(userOf(c))))
  routes.post('/password', async (c) => {
    await accounts.changePassword(c, await parseBody(c, ChangePasswordSchema))
    return c.body(null, 204)
  })
  return routes
}
