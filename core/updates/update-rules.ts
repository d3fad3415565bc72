import type { MaintenanceWindow, UpdatePolicy } from '../api/update-policy-schemas.ts'
import { compareSemver, isPrerelease, versionJump } from '../manifest/semver.ts'

interface OfferedVersion {
  version: string
  capabilities: string[]
}

/**
 * The version an update policy takes by itself, or null: never for `manual` or a pinned plugin,
 * never a major version, never a version that asks for a capability not yet approved; otherwise
 * the newest version within the policy's size (`patch`: same minor; `minor`: same major).
 */
export function policyVersion(
  policy: UpdatePolicy,
  pinned: boolean,
  installed: { version: string; approvedCapabilities: string[] },
  versions: readonly OfferedVersion[],
): string | null {
  if (policy.mode === 'manual' || pinned) return null
  const allowed = policy.mode === 'patch' ? ['patch'] : ['patch', 'minor']
  const fits = versions.filter(
    (v) =>
      compareSemver(v.version, installed.version) > 0 &&
      (!isPrerelease(v.version) || isPrerelease(installed.version)) &&
      allowed.includes(versionJump(installed.version, v.version)) &&
      v.capabilities.every((capability) => installed.approvedCapabilities.includes(capability)),
  )
  return fits.sort((a, b) => compareSemver(b.version, a.version))[0]?.version ?? null
}

/** Minutes since midnight of `at` on the window's wall clock. */
function wallMinutes(at: Date, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone,
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  })
    .formatToParts(at)
    .reduce<Record<string, string>>((all, part) => Object.assign(all, { [part.type]: part.value }), {})
  return Number(parts.hour) * 60 + Number(parts.minute)
}

const minutesOf = (time: string) => Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5))

/** Whether `at` falls inside the window (no window: any time). A window ending before it starts wraps midnight. */
export function insideWindow(window: MaintenanceWindow | null, at: Date): boolean {
  if (!window) return true
  const now = wallMinutes(at, window.timeZone)
  const start = minutesOf(window.start)
  const end = minutesOf(window.end)
  return start <= end ? now >= start && now < end : now >= start || now < end
}

export interface ConfigChange {
  module: string
  change: 'added' | 'removed' | 'changed'
}

type ModuleSchemas = readonly { id: string; configSchema?: Record<string, unknown> }[]

const schemaText = (schema: Record<string, unknown> | undefined) => (schema ? JSON.stringify(schema) : null)

/** Which modules' settings a new version adds, removes or changes (by each module's JSON Schema). */
export function configChanges(before: ModuleSchemas, after: ModuleSchemas): ConfigChange[] {
  const old = new Map(before.map((module) => [module.id, schemaText(module.configSchema)]))
  const next = new Map(after.map((module) => [module.id, schemaText(module.configSchema)]))
  const changes: ConfigChange[] = []
  for (const [module, schema] of next) {
    const previous = old.get(module) ?? null
    if (schema === previous) continue
    changes.push({ module, change: previous === null ? 'added' : schema === null ? 'removed' : 'changed' })
  }
  for (const [module, schema] of old) {
    if (schema !== null && !next.has(module)) changes.push({ module, change: 'removed' })
  }
  return changes
}
