import { Hono } from 'hono'
import { AddMemberSchema, UpdateMemberSchema } from '#core/api/workspace-schemas.ts'
import { paramOf, parseBody, workspaceOf } from '#server/app/http/request-input.ts'
import type { AppDeps } from '#server/app/ports.ts'
import { createMemberService } from '#server/app/services/member-service.ts'

/** `/api/workspaces/:ws/members`. */
export function memberRoutes(deps: AppDeps): Hono {
  const members = createMemberService(deps)
  const routes = new Hono()
  routes.get('/', async (c) => c.json(await members.list(workspaceOf(c))))
  routes.post('/', async (c) =>
    c.json(await members.add(workspaceOf(c), await parseBody(c, AddMemberSchema)), 201),
  )
  routes.patch('/:userId', async (c) => {
    const { role } = await parseBody(c, UpdateMemberSchema)
    return c.json(await members.setRole(workspaceOf(c), paramOf(c, 'userId'), role))
  })
  routes.delete('/:userId', async (c) => {
    await members.remove(workspaceOf(c), paramOf(c, 'userId'))
    return c.body(null, 204)
  })
  return routes
}
