import type { PackageInfo } from '#server/app/ports.ts'

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

/**
 * A best-effort PackageInfo from a manifest as read, even a broken one: a broken package is
 * listed from what can be read of it, and installing it fails in the verify step with every
 * problem listed.
 */
export function packageInfoOf(
  manifest: unknown,
  pluginId: string,
  version: string,
  source: PackageInfo['source'],
): PackageInfo {
  const raw = (typeof manifest === 'object' && manifest !== null ? manifest : {}) as Record<string, unknown>
  const text = (value: unknown, fallback: string) => (typeof value === 'string' ? value : fallback)
  const strings = (value: unknown) => (Array.isArray(value) ? value.filter((s) => typeof s === 'string') : [])
  const modules = Array.isArray(raw.modules) ? (raw.modules as Record<string, unknown>[]) : []
  return {
    pluginId,
    version,
    name: text(raw.name, pluginId) || pluginId,
    description: text(raw.description, ''),
    author: text(raw.author, 'unknown'),
    icon: typeof raw.icon === 'string' ? raw.icon : null,
    categories: strings(raw.categories),
    capabilities: strings(raw.capabilities),
    modules: modules.map((m, i) => ({
      id: text(m?.id, `module-${i}`),
      name: text(m?.name, text(m?.id, `module-${i}`)),
      type: text(m?.type, 'unknown'),
      ...(isObject(m?.configSchema) ? { configSchema: m.configSchema } : {}),
    })),
    source,
  }
}
