import type { CatalogEntry } from '#core/api/marketplace-schemas.ts'
import type { Plugin } from '#core/api/plugin-schemas.ts'
import { CATALOG_SOURCE_ID, type SourceProblem } from '#core/api/source-schemas.ts'
import type { Task } from '#core/api/task-schemas.ts'
import type { UpdatePolicy } from '#core/api/update-policy-schemas.ts'
import type { Update, UpdateList, UpdateRequest } from '#core/api/update-schemas.ts'
import { ApiError } from '#core/errors/error-codes.ts'
import { compareSemver, isPrerelease, versionJump } from '#core/manifest/semver.ts'
import { configChanges, policyVersion } from '#core/updates/update-rules.ts'
import type { AppDeps } from '#server/app/ports.ts'
import { createSourceAccess } from '#server/app/sources/source-access.ts'
import { RegistryError } from '#server/app/sources/source-ports.ts'
import type { TaskRunner } from '#server/app/tasks/task-runner.ts'
import { createTaskOrThrow, newTask } from './new-task.ts'
import { assertCanStart } from './transition-guard.ts'

const MANUAL: UpdatePolicy = { mode: 'manual', window: null }

const sourceOf = (plugin: Plugin) =>
  plugin.source.type === 'registry' ? (plugin.source.sourceId ?? CATALOG_SOURCE_ID) : CATALOG_SOURCE_ID

/** The newest version an installed plugin could move to (prereleases only from a prerelease). */
function offeredVersion(plugin: Plugin, entry: CatalogEntry) {
  const candidates = entry.versions.filter(
    (v) =>
      compareSemver(v.version, plugin.version) > 0 &&
      (!isPrerelease(v.version) || isPrerelease(plugin.version)),
  )
  return candidates.sort((a, b) => compareSemver(b.version, a.version))[0] ?? null
}

/** Every changelog after `from` up to `to`, newest first, each under its version. */
function changelogBetween(entry: CatalogEntry, from: string, to: string): string | null {
  const parts = entry.versions
    .filter((v) => compareSemver(v.version, from) > 0 && compareSemver(v.version, to) <= 0 && v.changelog)
    .sort((a, b) => compareSemver(b.version, a.version))
    .map((v) => `## ${v.version}\n${v.changelog}`)
  return parts.length > 0 ? parts.join('\n\n') : null
}

/**
 * `…/updates`: which installed plugins have a newer version in their own source, and updating
 * several at once as one task with one item per plugin (each item upgrades, and rolls back, alone).
 */
export function createUpdateService(deps: AppDeps, runner: TaskRunner) {
  const access = createSourceAccess(deps)
  const wiredPolicies = () => {
    if (!deps.updatePolicies) throw new ApiError('NOT_FOUND', 'this server keeps no update policies')
    return deps.updatePolicies
  }

  /** What the new version changes in the modules' settings; unknown (none listed) when a package cannot be read. */
  async function settingsChanges(workspaceId: string, sourceId: string, plugin: Plugin, version: string) {
    try {
      const [before, after] = await Promise.all([
        access.resolve(workspaceId, sourceId, plugin.pluginId, plugin.version),
        access.resolve(workspaceId, sourceId, plugin.pluginId, version),
      ])
      return before && after ? configChanges(before.modules, after.modules) : []
    } catch {
      return []
    }
  }

  async function installed(workspaceId: string): Promise<Plugin[]> {
    const page = await deps.store.listPlugins(workspaceId, { page: 1, pageSize: 500, sort: 'name' })
    return page.items.filter((plugin) => plugin.status !== 'uninstalled' && plugin.source.type !== 'package')
  }

  return {
    async list(workspaceId: string): Promise<UpdateList> {
      const checkedAt = deps.clock.now().toISOString()
      const problems = new Map<string, SourceProblem>()
      const pins = (await deps.updatePolicies?.pins(workspaceId)) ?? new Set<string>()
      const policy = (await deps.updatePolicies?.get(workspaceId)) ?? MANUAL
      const items: Update[] = []
      for (const plugin of await installed(workspaceId)) {
        const sourceId = sourceOf(plugin)
        if (problems.has(sourceId)) continue
        let entry: CatalogEntry | null
        try {
          entry = await access.entry(workspaceId, sourceId, plugin.pluginId)
        } catch (error) {
          const name = (await deps.sources?.store.get(workspaceId, sourceId))?.name ?? sourceId
          const code = error instanceof RegistryError ? error.code : 'NOT_FOUND'
          problems.set(sourceId, { sourceId, name, code, message: (error as Error).message })
          continue
        }
        const offered = entry && offeredVersion(plugin, entry)
        if (!entry || !offered) continue
        items.push({
          pluginId: plugin.id,
          pluginRef: plugin.pluginId,
          name: plugin.name,
          sourceId,
          installedVersion: plugin.version,
          version: offered.version,
          jump: versionJump(plugin.version, offered.version),
          addedCapabilities: offered.capabilities.filter((c) => !plugin.approvedCapabilities.includes(c)),
          removedCapabilities: plugin.capabilities.filter((c) => !offered.capabilities.includes(c)),
          configChanges: await settingsChanges(workspaceId, sourceId, plugin, offered.version),
          changelog: changelogBetween(entry, plugin.version, offered.version),
          pinned: pins.has(plugin.id),
          policyVersion: policyVersion(policy, pins.has(plugin.id), plugin, entry.versions),
          trust: offered.trust ?? null,
        })
      }
      const lastCheck = deps.updateChecks?.last(workspaceId) ?? null
      return { items, problems: [...problems.values()], checkedAt, lastCheck }
    },

    /** One task, one upgrade item per plugin; any plugin that cannot start now refuses the whole request. */
    async policy(workspaceId: string): Promise<UpdatePolicy> {
      return (await deps.updatePolicies?.get(workspaceId)) ?? MANUAL
    },
    async setPolicy(workspaceId: string, policy: UpdatePolicy): Promise<UpdatePolicy> {
      await wiredPolicies().set(workspaceId, policy)
      return policy
    },
    async pin(workspaceId: string, pluginId: string, pinned: boolean) {
      if (!(await deps.store.getPlugin(workspaceId, pluginId)))
        throw new ApiError('NOT_FOUND', `unknown plugin ${pluginId}`)
      await wiredPolicies().setPinned(workspaceId, pluginId, pinned)
      // Written: every open page of the plugin and the Updates page show the pin without a refetch.
      deps.changes?.publish(workspaceId, { type: 'plugin.pinned', data: { pluginId, pinned } })
      return { pluginId, pinned }
    },

    async update(workspaceId: string, request: UpdateRequest, actor: string): Promise<Task> {
      const plugins: Plugin[] = []
      for (const { pluginId, version } of request.items) {
        const plugin = await deps.store.getPlugin(workspaceId, pluginId)
        if (!plugin) throw new ApiError('NOT_FOUND', `unknown plugin ${pluginId}`)
        assertCanStart('upgrade', plugin)
        if (compareSemver(version, plugin.version) <= 0) {
          throw new ApiError('CONFLICT', `${plugin.pluginId} is already on ${plugin.version}`, {
            pluginId,
            version,
          })
        }
        plugins.push(plugin)
      }
      const task = newTask(deps, {
        workspaceId,
        kind: 'upgrade',
        actor,
        items: plugins.map((plugin, index) => ({
          pluginId: plugin.id,
          pluginRef: plugin.pluginId,
          pluginName: plugin.name,
          version: request.items[index]?.version ?? plugin.version,
          params: { fromVersion: plugin.version },
        })),
      })
      const created = await createTaskOrThrow(
        deps,
        task,
        plugins.map((plugin) => ({ pluginId: plugin.id, expectStatus: plugin.status })),
      )
      runner.enqueue(created)
      return created
    },
  }
}

export type UpdateService = ReturnType<typeof createUpdateService>
