import {
  CATALOG_SOURCE_ID,
  type Source,
  type SourceCreate,
  type SourceList,
  type SourceUpdate,
} from '#core/api/source-schemas.ts'
import { ApiError } from '#core/errors/error-codes.ts'
import type { AppDeps } from '#server/app/ports.ts'
import { tokenContext } from '#server/app/sources/source-access.ts'
import type { StoredSource } from '#server/app/sources/source-ports.ts'

const CATALOG: Source = {
  id: CATALOG_SOURCE_ID,
  kind: 'catalog',
  name: 'Local catalog',
  url: null,
  scope: null,
  hasToken: false,
  signaturePolicy: 'off',
  createdAt: null,
}

const shown = (source: StoredSource): Source => ({
  id: source.id,
  kind: 'registry',
  name: source.name,
  url: source.url,
  scope: source.scope,
  hasToken: source.sealedToken !== null,
  signaturePolicy: source.signaturePolicy,
  createdAt: source.createdAt,
})

/** `…/sources`: the local catalog (always there) and the workspace's registries; tokens go in, never out. */
export function createSourceService(deps: AppDeps) {
  const wired = () => {
    if (!deps.sources) throw new ApiError('NOT_FOUND', 'this server has no registry sources')
    return deps.sources
  }
  return {
    async list(workspaceId: string): Promise<SourceList> {
      return {
        items: [CATALOG, ...(deps.sources ? await deps.sources.store.list(workspaceId) : []).map(shown)],
      }
    },
    async add(workspaceId: string, input: SourceCreate): Promise<Source> {
      const { store, tokens } = wired()
      const existing = await store.list(workspaceId)
      if (existing.some((source) => source.url === input.url && source.scope === (input.scope ?? null))) {
        throw new ApiError('CONFLICT', `${input.url} is already a source of this workspace`)
      }
      const base = { id: deps.newId('src'), workspaceId }
      const source: StoredSource = {
        ...base,
        name: input.name,
        url: input.url,
        scope: input.scope ?? null,
        sealedToken: input.token ? await tokens.seal(input.token, tokenContext(base)) : null,
        signaturePolicy: input.signaturePolicy ?? 'off',
        createdAt: deps.clock.now().toISOString(),
      }
      await store.create(source)
      return shown(source)
    },
    async update(workspaceId: string, id: string, input: SourceUpdate): Promise<Source> {
      if (id === CATALOG_SOURCE_ID)
        throw new ApiError('CONFLICT', 'the local catalog has no signatures to check')
      const { store } = wired()
      if (!(await store.setSignaturePolicy(workspaceId, id, input.signaturePolicy)))
        throw new ApiError('NOT_FOUND', `unknown source ${id}`)
      const source = await store.get(workspaceId, id)
      if (!source) throw new ApiError('NOT_FOUND', `unknown source ${id}`)
      return shown(source)
    },
    async remove(workspaceId: string, id: string): Promise<void> {
      if (id === CATALOG_SOURCE_ID) throw new ApiError('CONFLICT', 'the local catalog cannot be removed')
      if (!(await wired().store.remove(workspaceId, id)))
        throw new ApiError('NOT_FOUND', `unknown source ${id}`)
    },
  }
}
