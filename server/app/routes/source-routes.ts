import { Hono } from 'hono'
import { SourceCreateSchema } from '#core/api/source-schemas.ts'
import { paramOf, parseBody, workspaceOf } from '#server/app/http/request-input.ts'
import type { Services } from '#server/app/services/services.ts'

/** `/api/workspaces/:ws/sources`: the marketplace's sources (the local catalog and registries). */
export function sourceRoutes({ sources }: Services): Hono {
  const routes = new Hono()
  routes.get('/', async (c) => c.json(await sources.list(workspaceOf(c))))
  routes.post('/', async (c) => {
    const input = await parseBody(c, SourceCreateSchema)
    return c.json(await sources.add(workspaceOf(c), input), 201)
  })
  routes.delete('/:sourceId', async (c) => {
    await sources.remove(workspaceOf(c), paramOf(c, 'sourceId'))
    return c.body(null, 204)
  })
  return routes
}
