import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { ModuleState, Plugin } from '#core/api/plugin-schemas.ts'
import { defaultValuesOf } from '#core/config/config-fields.ts'
import type { Manifest } from '#core/manifest/manifest-schema.ts'
import { uploadPackageInfo } from '#server/app/packages/upload-package-info.ts'
import type { HealthCheckRecord, OperationContext, StepUpdate } from '#server/app/ports.ts'
import { hashPackage } from '#server/node-packages/package-reader.ts'
import { ProcessRuntime } from '#server/runtime/process-runtime.ts'

const WORKSPACE = 'plugin-test'
/** The first health check comes this soon after the load, instead of the manifest's interval. */
const FIRST_CHECK_MS = 100

export interface WorkerCheck {
  modules: ModuleState[]
  health: HealthCheckRecord
  /** The worker's log (console output, the host's notes), the last 8 000 characters. */
  log: string
}

/** The installation row a server would hand its runtime: just installed, nothing running. */
function pluginRow(manifest: Manifest): Plugin {
  const now = new Date().toISOString()
  return {
    id: 'plugin-test',
    workspaceId: WORKSPACE,
    pluginId: manifest.id,
    name: manifest.name,
    version: manifest.version,
    description: manifest.description,
    author: manifest.author,
    icon: manifest.icon,
    categories: manifest.categories,
    capabilities: manifest.capabilities,
    approvedCapabilities: manifest.capabilities,
    status: 'installed',
    health: 'unknown',
    modules: [],
    source: { type: 'package', packageId: null, sha256: null },
    lastError: null,
    activeTaskId: null,
    pendingUpgrade: null,
    revision: 0,
    installedAt: now,
    updatedAt: now,
  }
}

/**
 * Installs a staged package the way the server does (ProcessRuntime: copy, verify, unpack) into a
 * temporary data directory, starts it in a real sandboxed worker with each module's default
 * settings, waits for the first health check, and stops it. Throws what install or start threw
 * (PackageInvalidError, StepFailure), as the server would report it.
 */
export async function checkInWorker(
  packageDir: string,
  manifest: Manifest,
  onStep: (update: StepUpdate) => void = () => {},
): Promise<WorkerCheck> {
  const dataDir = await mkdtemp(join(tmpdir(), 'plugboard-plugin-test-'))
  const configs = Object.fromEntries(
    manifest.modules.map((m) => [m.id, m.configSchema ? defaultValuesOf(m.configSchema) : {}]),
  )
  const runtime = new ProcessRuntime({
    dataDir,
    locatePackage: async () => packageDir,
    configOf: async () => configs,
    health: { intervalMs: FIRST_CHECK_MS },
    caps: { healthIntervalMs: FIRST_CHECK_MS },
  })
  const ctx: OperationContext = {
    workspaceId: WORKSPACE,
    plugin: pluginRow(manifest),
    signal: new AbortController().signal,
    report: async (update) => onStep(update),
  }
  try {
    const sha256 = await hashPackage(packageDir)
    await runtime.install(ctx, uploadPackageInfo({ packageId: 'plugin-test', manifest, sha256 }))
    const { modules } = await runtime.start(ctx)
    const health = await firstHealthCheck(runtime, ctx.plugin.id, manifest)
    return { modules, health, log: runtime.logs(WORKSPACE, ctx.plugin.id) ?? '' }
  } finally {
    await runtime.stopAll()
    await rm(dataDir, { recursive: true, force: true })
  }
}

/** Waits for the monitor's first check: its interval, then at most the check's own deadline. */
async function firstHealthCheck(
  runtime: ProcessRuntime,
  pluginId: string,
  manifest: Manifest,
): Promise<HealthCheckRecord> {
  const deadline = Date.now() + FIRST_CHECK_MS + (manifest.healthCheck?.timeoutMs ?? 5_000) + 5_000
  for (;;) {
    const [first] = runtime.healthHistory(WORKSPACE, pluginId)
    if (first) return first
    if (Date.now() > deadline) throw new Error('the worker answered no health check in time')
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
}
