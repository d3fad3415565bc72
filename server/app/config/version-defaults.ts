import { changedFields } from '#core/config/config-fields.ts'
import type { AppDeps, PackageInfo } from '#server/app/ports.ts'
import { moduleSchemasOf, valuesUnderSchemas } from './module-schemas.ts'

interface DefaultsRequest {
  workspaceId: string
  /** The installation's id. */
  pluginId: string
  pkg: PackageInfo
  actor: string
  taskId: string
}

/**
 * The stored settings as the package's schemas see them, with every missing field taken from its
 * default; `problems` lists what those schemas refuse.
 */
export async function settingsFor(deps: AppDeps, request: Omit<DefaultsRequest, 'actor' | 'taskId'>) {
  const current = await deps.configs.current(request.workspaceId, request.pluginId)
  const schemas = moduleSchemasOf(request.pkg)
  return { current, ...valuesUnderSchemas(schemas, current?.values ?? {}, current?.sealed ?? {}) }
}

/**
 * Writes the schema defaults a package brings as a new applied version (at install: the first
 * version; at an upgrade: the fields the new version added). Returns its number, or null when
 * nothing was missing.
 */
export async function applyDefaults(deps: AppDeps, request: DefaultsRequest): Promise<number | null> {
  const { workspaceId, pluginId, pkg } = request
  const { current, values } = await settingsFor(deps, request)
  const changes = Object.entries(values).flatMap(([module, after]) =>
    changedFields(module, current?.values[module] ?? {}, after),
  )
  if (changes.length === 0 && (current || Object.keys(values).length === 0)) return null
  const version = (await deps.configs.lastVersion(workspaceId, pluginId)) + 1
  const added = await deps.configs.add({
    workspaceId,
    pluginId,
    version,
    status: 'applied',
    values: { ...current?.values, ...values },
    sealed: current?.sealed ?? {},
    changes,
    actor: request.actor,
    at: deps.clock.now().toISOString(),
    reason: current ? `defaults of version ${pkg.version}` : 'defaults at install',
    taskId: request.taskId,
  })
  return added ? version : null
}
