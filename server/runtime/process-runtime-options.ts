import { join } from 'node:path'
import { MANIFEST_LIMITS, type Manifest } from '#core/manifest/manifest-schema.ts'
import { DEFAULT_PACKAGE_LIMITS, type PackageLimits } from '#server/app/packages/package-rules.ts'
import type { PackageInfo } from '#server/app/ports.ts'
import type { SupervisorEvent } from './plugin-supervisor.ts'
import {
  DEFAULT_HEALTH,
  DEFAULT_SUPERVISION,
  DEFAULT_TIMEOUTS,
  type HealthSettings,
  type SupervisionSettings,
  type WorkerTimeouts,
} from './runtime-options.ts'
import type { HostWatch } from './worker-process.ts'

/** The most a manifest may set; configuration can lower these (tests do, to keep deadlines short). */
export interface ManifestCaps {
  loadMs: number
  callMs: number
  destroyMs: number
  healthIntervalMs: number
  healthTimeoutMs: number
}

export interface ProcessRuntimeOptions {
  /** Root of the runtime's files; plugins live in `<dataDir>/plugins`. */
  dataDir: string
  /** Where a package's files are: a directory or a `.tgz`; null when unknown. */
  locatePackage(pkg: PackageInfo): Promise<string | null>
  /**
   * Each module's config for a plugin (installation id), secrets included; asked at every start and
   * restart, so the worker always loads the version in force.
   */
  configOf(workspaceId: string, pluginId: string): Promise<Record<string, unknown>>
  timeouts?: Partial<WorkerTimeouts>
  caps?: Partial<ManifestCaps>
  health?: Partial<HealthSettings>
  supervision?: Partial<SupervisionSettings>
  packageLimits?: Partial<PackageLimits>
  /** V8 heap cap of a worker. */
  maxOldSpaceMb?: number
  /** The host's environment to pick the allowlisted variables from (default process.env). */
  hostEnv?: NodeJS.ProcessEnv
  /** Extra `PLUGBOARD_PLUGIN_*` variables for every worker. */
  extraEnv?: Record<string, string>
  /** After too many crashes in a row: the plugin must go `error` with this reason. */
  onPluginFailed?(workspaceId: string, pluginId: string, reason: string): void
  /** The worker's health or modules changed (after a crash, a restart, a health check). */
  onPluginState?(
    workspaceId: string,
    pluginId: string,
    state: Extract<SupervisorEvent, { type: 'health' }>,
  ): void
  /** Everything the supervisors say, for logs and tests. */
  onEvent?(workspaceId: string, pluginId: string, event: SupervisorEvent): void
  random?: () => number
  /**
   * Cluster mode: every worker watches this host (it stops itself when the host goes silent), and
   * no worker starts or restarts unless `mayRun` (this node holds its lease) says so.
   */
  cluster?: { watch: HostWatch; mayRun(): boolean }
}

export interface RuntimeSettings {
  pluginsRoot: string
  packageLimits: PackageLimits
  supervision: SupervisionSettings
  maxOldSpaceMb: number
  hostEnv: NodeJS.ProcessEnv
  extraEnv: Record<string, string>
  timeoutsFor(manifest: Manifest): WorkerTimeouts
  healthFor(manifest: Manifest): HealthSettings
}

/** Defaults, then configuration, then each manifest's own values held under the caps. */
export function resolveSettings(options: ProcessRuntimeOptions): RuntimeSettings {
  const timeouts = { ...DEFAULT_TIMEOUTS, ...options.timeouts }
  const health = { ...DEFAULT_HEALTH, ...options.health }
  const caps: ManifestCaps = {
    loadMs: MANIFEST_LIMITS.loadMs.max,
    callMs: MANIFEST_LIMITS.callMs.max,
    destroyMs: MANIFEST_LIMITS.destroyMs.max,
    healthIntervalMs: MANIFEST_LIMITS.healthIntervalMs.max,
    healthTimeoutMs: MANIFEST_LIMITS.healthTimeoutMs.max,
    ...options.caps,
  }
  const pick = (own: number | undefined, fallback: number, cap: number) => Math.min(own ?? fallback, cap)
  return {
    pluginsRoot: join(options.dataDir, 'plugins'),
    packageLimits: { ...DEFAULT_PACKAGE_LIMITS, ...options.packageLimits },
    supervision: { ...DEFAULT_SUPERVISION, ...options.supervision },
    maxOldSpaceMb: options.maxOldSpaceMb ?? 256,
    hostEnv: options.hostEnv ?? process.env,
    extraEnv: options.extraEnv ?? {},
    timeoutsFor: (manifest) => ({
      loadMs: pick(manifest.timeouts?.loadMs, timeouts.loadMs, caps.loadMs),
      callMs: pick(manifest.timeouts?.callMs, timeouts.callMs, caps.callMs),
      destroyMs: pick(manifest.timeouts?.destroyMs, timeouts.destroyMs, caps.destroyMs),
      killGraceMs: timeouts.killGraceMs,
    }),
    healthFor: (manifest) => ({
      ...health,
      intervalMs: pick(manifest.healthCheck?.intervalMs, health.intervalMs, caps.healthIntervalMs),
      timeoutMs: pick(manifest.healthCheck?.timeoutMs, health.timeoutMs, caps.healthTimeoutMs),
      failureThreshold: manifest.healthCheck?.failureThreshold ?? health.failureThreshold,
      successThreshold: manifest.healthCheck?.successThreshold ?? health.successThreshold,
    }),
  }
}
