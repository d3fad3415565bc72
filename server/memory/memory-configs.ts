import type { ConfigStore, ConfigVersion, ManifestModule } from '#server/app/config/config-ports.ts'

/** The ConfigStore port in memory (browser mocks and fast tests); copies in and out, like a database. */
export function createMemoryConfigs(): ConfigStore {
  const versions = new Map<string, ConfigVersion[]>()
  const manifests = new Map<string, ManifestModule[]>()
  const keyOf = (workspaceId: string, pluginId: string) => `${workspaceId}/${pluginId}`
  const listOf = (workspaceId: string, pluginId: string) => versions.get(keyOf(workspaceId, pluginId)) ?? []

  return {
    async current(workspaceId, pluginId) {
      const applied = listOf(workspaceId, pluginId).filter((entry) => entry.status === 'applied')
      const newest = applied.sort((a, b) => b.version - a.version)[0]
      return newest ? structuredClone(newest) : null
    },
    async get(workspaceId, pluginId, version) {
      const found = listOf(workspaceId, pluginId).find((entry) => entry.version === version)
      return found ? structuredClone(found) : null
    },
    async list(workspaceId, pluginId) {
      return structuredClone(listOf(workspaceId, pluginId)).sort((a, b) => b.version - a.version)
    },
    async lastVersion(workspaceId, pluginId) {
      return Math.max(0, ...listOf(workspaceId, pluginId).map((entry) => entry.version))
    },
    async add(version) {
      const list = listOf(version.workspaceId, version.pluginId)
      if (list.some((entry) => entry.version === version.version)) return false
      versions.set(keyOf(version.workspaceId, version.pluginId), [...list, structuredClone(version)])
      return true
    },
    async setStatus(workspaceId, pluginId, version, patch) {
      const found = listOf(workspaceId, pluginId).find((entry) => entry.version === version)
      if (found) Object.assign(found, patch)
    },
    async removeAll(workspaceId, pluginId) {
      versions.delete(keyOf(workspaceId, pluginId))
    },
    async saveModules(workspaceId, pluginId, version, modules) {
      manifests.set(`${keyOf(workspaceId, pluginId)}@${version}`, structuredClone(modules))
    },
    async modulesOf(workspaceId, pluginId, version) {
      const modules = manifests.get(`${keyOf(workspaceId, pluginId)}@${version}`)
      return modules ? structuredClone(modules) : null
    },
  }
}
