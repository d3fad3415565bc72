import type { SourceStore, StoredSource } from '#server/app/sources/source-ports.ts'

/** Registry sources in memory (mock mode and route tests). */
export function createMemorySources(): SourceStore {
  const rows = new Map<string, StoredSource>()
  const key = (workspaceId: string, id: string) => `${workspaceId}\u0000${id}`
  return {
    async list(workspaceId) {
      return [...rows.values()].filter((row) => row.workspaceId === workspaceId).map((row) => ({ ...row }))
    },
    async get(workspaceId, id) {
      const row = rows.get(key(workspaceId, id))
      return row ? { ...row } : null
    },
    async create(source) {
      rows.set(key(source.workspaceId, source.id), { ...source })
    },
    async setSignaturePolicy(workspaceId, id, policy) {
      const row = rows.get(key(workspaceId, id))
      if (!row) return false
      row.signaturePolicy = policy
      return true
    },
    async remove(workspaceId, id) {
      return rows.delete(key(workspaceId, id))
    },
  }
}
