import type { Plugin } from '#core/api/plugin-schemas.ts'
import type { Task } from '#core/api/task-schemas.ts'
import { type ConfigChange, changedFields, secretKeysOf } from '#core/config/config-fields.ts'
import type {
  ConfigCheckResponse,
  ConfigHistory,
  ConfigUpdateRequest,
  PluginConfig,
} from '#core/config/config-schemas.ts'
import { ApiError } from '#core/errors/error-codes.ts'
import type { ConfigVersion } from '#server/app/config/config-ports.ts'
import { validateModuleValues } from '#server/app/config/config-validator.ts'
import { openSecrets } from '#server/app/config/config-values.ts'
import { type ModuleSchema, moduleSchemasOf } from '#server/app/config/module-schemas.ts'
import { secretContext } from '#server/app/config/secret-cipher.ts'
import type { AppDeps } from '#server/app/ports.ts'
import type { TaskRunner } from '#server/app/tasks/task-runner.ts'
import { createTaskOrThrow, newTask, taskAlreadyActive } from './new-task.ts'
import { pluginPackage } from './plugin-package.ts'

/** Statuses in which a plugin's configuration may change (a running plugin is restarted with it). */
const CONFIGURABLE = new Set<Plugin['status']>(['ready', 'disabled', 'error', 'upgrade_pending'])

/** A candidate version before it is stored. */
interface Candidate {
  values: ConfigVersion['values']
  sealed: ConfigVersion['sealed']
  changes: ConfigChange[]
  reason: string
}

/**
 * Plugin configuration: read (secrets only as set / not set), change and restore (both validated
 * with the modules' schemas, then applied by a `configure` task), and the history of versions.
 */
export function createConfigService(deps: AppDeps, runner: TaskRunner) {
  const { store, configs } = deps

  async function pluginOr404(workspaceId: string, id: string): Promise<Plugin> {
    const plugin = await store.getPlugin(workspaceId, id)
    if (!plugin) throw new ApiError('NOT_FOUND', `unknown plugin ${id}`)
    return plugin
  }

  /** The schemas in force: those of the version waiting for approval, if any, else the running one. */
  async function schemasOf(workspaceId: string, plugin: Plugin): Promise<ModuleSchema[]> {
    const version = plugin.pendingUpgrade?.version ?? plugin.version
    // The manifest kept at install or upgrade; the package itself only for rows from before.
    const kept = await deps.configs.modulesOf(workspaceId, plugin.id, version)
    return moduleSchemasOf(kept ? { modules: kept } : await pluginPackage(deps, workspaceId, plugin, version))
  }

  function assertCanConfigure(plugin: Plugin): void {
    if (plugin.activeTaskId) throw taskAlreadyActive(plugin.activeTaskId)
    if (!CONFIGURABLE.has(plugin.status)) {
      throw new ApiError('INVALID_TRANSITION', `cannot configure: plugin is "${plugin.status}"`, {
        from: plugin.status,
        to: plugin.status,
      })
    }
  }

  /**
   * The new version from a PUT body: kept secrets stay sealed as they were, new ones are sealed.
   * Throws VALIDATION_FAILED listing every problem; `check` only lists them (nothing is sealed).
   */
  async function fromRequest(
    workspaceId: string,
    plugin: Plugin,
    schemas: ModuleSchema[],
    current: ConfigVersion | null,
    request: ConfigUpdateRequest,
    mode: 'save' | 'check' = 'save',
  ): Promise<Candidate & { problems: string[] }> {
    const problems = Object.keys(request.modules)
      .filter((module) => !schemas.some((schema) => schema.id === module))
      .map((module) => `${module}: not a module with settings`)
    const kept = current ? await openSecrets(deps, current) : {}
    const candidate: Candidate = { values: {}, sealed: {}, changes: [], reason: 'configured' }
    for (const { id, schema } of schemas) {
      const before = current?.values[id] ?? {}
      const body = request.modules[id]
      const secretKeys = new Set(secretKeysOf(schema))
      const plain = body
        ? Object.fromEntries(Object.entries(body).filter(([key]) => !secretKeys.has(key)))
        : before
      const sealed = { ...current?.sealed[id] }
      const secrets = { ...kept[id] }
      const replaced: string[] = []
      const cleared: string[] = []
      for (const key of secretKeys) {
        if (!body || !(key in body)) continue
        const value = body[key]
        if (value === null) {
          if (key in sealed) cleared.push(key)
          delete sealed[key]
          delete secrets[key]
        } else if (typeof value === 'string') {
          const context = secretContext(workspaceId, plugin.id, id, key)
          sealed[key] = mode === 'save' ? await deps.secrets.seal(value, context) : ''
          secrets[key] = value
          replaced.push(key)
        } else {
          problems.push(`${id}.${key}: must be a string (a new secret) or null (clear it)`)
        }
      }
      problems.push(...validateModuleValues(id, schema, { ...plain, ...secrets }))
      candidate.values[id] = plain
      if (Object.keys(sealed).length > 0) candidate.sealed[id] = sealed
      candidate.changes.push(...changedFields(id, before, plain, { replaced, cleared }))
    }
    if (problems.length > 0 && mode === 'save') {
      throw new ApiError('VALIDATION_FAILED', 'the configuration is not valid', problems)
    }
    return { ...candidate, problems }
  }

  /** An earlier version as a new one, checked against today's schemas. */
  async function fromVersion(
    schemas: ModuleSchema[],
    current: ConfigVersion | null,
    earlier: ConfigVersion,
  ): Promise<Candidate> {
    const now = current ? await openSecrets(deps, current) : {}
    const then = await openSecrets(deps, earlier)
    const problems: string[] = []
    const changes: ConfigChange[] = []
    for (const { id, schema } of schemas) {
      const values = earlier.values[id] ?? {}
      problems.push(...validateModuleValues(id, schema, { ...values, ...then[id] }))
      const keys = new Set([...Object.keys(now[id] ?? {}), ...Object.keys(then[id] ?? {})])
      const differs = [...keys].filter((key) => now[id]?.[key] !== then[id]?.[key])
      const secrets = {
        replaced: differs.filter((key) => then[id]?.[key] !== undefined),
        cleared: differs.filter((key) => then[id]?.[key] === undefined),
      }
      changes.push(...changedFields(id, current?.values[id] ?? {}, values, secrets))
    }
    if (problems.length > 0) {
      throw new ApiError('VALIDATION_FAILED', `version ${earlier.version} is not valid any more`, problems)
    }
    const reason = `restored version ${earlier.version}`
    return { values: earlier.values, sealed: earlier.sealed, changes, reason }
  }

  /** Stores the candidate as a pending version, then the task that applies it. */
  async function startConfigure(
    workspaceId: string,
    plugin: Plugin,
    candidate: Candidate,
    actor: string,
  ): Promise<Task> {
    const version = (await configs.lastVersion(workspaceId, plugin.id)) + 1
    const task = newTask(deps, {
      workspaceId,
      kind: 'configure',
      actor,
      items: [
        {
          pluginId: plugin.id,
          pluginRef: plugin.pluginId,
          pluginName: plugin.name,
          version: plugin.version,
          params: { configVersion: version },
        },
      ],
    })
    const stored = await configs.add({
      workspaceId,
      pluginId: plugin.id,
      version,
      status: 'pending',
      ...candidate,
      actor,
      at: deps.clock.now().toISOString(),
      taskId: task.id,
    })
    if (!stored)
      throw new ApiError('CONFLICT', 'someone else changed the configuration; reload and try again')
    let created: Task
    try {
      created = await createTaskOrThrow(deps, task, [{ pluginId: plugin.id, expectStatus: plugin.status }])
    } catch (error) {
      await configs.setStatus(workspaceId, plugin.id, version, { status: 'discarded' })
      throw error
    }
    runner.enqueue(created)
    return created
  }

  return {
    async get(workspaceId: string, id: string): Promise<PluginConfig> {
      const plugin = await pluginOr404(workspaceId, id)
      const schemas = await schemasOf(workspaceId, plugin)
      const current = await configs.current(workspaceId, id)
      return {
        modules: schemas.map(({ id: module, name, schema }) => ({
          id: module,
          name,
          schema,
          // A field a newer schema marks secret is never answered, even if it was stored plain before.
          values: Object.fromEntries(
            Object.entries(current?.values[module] ?? {}).filter(
              ([key]) => !secretKeysOf(schema).includes(key),
            ),
          ),
          secrets: Object.fromEntries(
            secretKeysOf(schema).map((key) => [key, current?.sealed[module]?.[key] !== undefined]),
          ),
        })),
        version: current?.version ?? 0,
      }
    },

    async update(workspaceId: string, id: string, request: ConfigUpdateRequest, actor: string) {
      const plugin = await pluginOr404(workspaceId, id)
      assertCanConfigure(plugin)
      const schemas = await schemasOf(workspaceId, plugin)
      const current = await configs.current(workspaceId, id)
      const { problems: _none, ...candidate } = await fromRequest(
        workspaceId,
        plugin,
        schemas,
        current,
        request,
      )
      return startConfigure(workspaceId, plugin, candidate, actor)
    },

    /** The problems a PUT of `request` would answer, by the same rules; nothing is stored. */
    async check(workspaceId: string, id: string, request: ConfigUpdateRequest): Promise<ConfigCheckResponse> {
      const plugin = await pluginOr404(workspaceId, id)
      const schemas = await schemasOf(workspaceId, plugin)
      const current = await configs.current(workspaceId, id)
      const { problems } = await fromRequest(workspaceId, plugin, schemas, current, request, 'check')
      return { problems }
    },

    async restore(workspaceId: string, id: string, version: number, actor: string): Promise<Task> {
      const plugin = await pluginOr404(workspaceId, id)
      const earlier = await configs.get(workspaceId, id, version)
      if (earlier?.status !== 'applied') {
        throw new ApiError('NOT_FOUND', `version ${version} was never applied to this plugin`)
      }
      assertCanConfigure(plugin)
      const schemas = await schemasOf(workspaceId, plugin)
      const current = await configs.current(workspaceId, id)
      return startConfigure(workspaceId, plugin, await fromVersion(schemas, current, earlier), actor)
    },

    async history(workspaceId: string, id: string): Promise<ConfigHistory> {
      await pluginOr404(workspaceId, id)
      const current = await configs.current(workspaceId, id)
      const versions = await configs.list(workspaceId, id)
      return {
        items: versions
          .filter((entry) => entry.status !== 'discarded')
          .map(({ version, status, actor, at, reason, changes, taskId }) => ({
            version,
            status,
            actor,
            at,
            reason,
            changes,
            taskId,
            current: version === current?.version,
          })),
      }
    },
  }
}
