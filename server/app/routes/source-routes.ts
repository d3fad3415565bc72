import { paramOf, workspaceOf } from '#server/app/http/request-input.ts'
import type { EndpointHandlers } from '#server/app/register-endpoints.ts'
import type { Services } from '#server/app/services/services.ts'

/** `/api/workspaces/:ws/sources`: the marketplace's sources (the local catalog and registries). */
export function sourceHandlers({
  sources,
}: Services): EndpointHandlers<'listSources' | 'addSource' | 'updateSource' | 'removeSource'> {
  return {
    listSources: (c) => sources.list(workspaceOf(c)),
    addSource: (c, { body }) => sources.add(workspaceOf(c), body),
    updateSource: (c, { body }) => sources.update(workspaceOf(c), paramOf(c, 'sourceId'), body),
    removeSource: (c) => sources.remove(workspaceOf(c), paramOf(c, 'sourceId')),
  }
}
