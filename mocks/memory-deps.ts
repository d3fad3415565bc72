import { createSecretCipher } from '#server/app/config/secret-cipher.ts'
import { createMemoryChangeFeed } from '#server/app/events/memory-change-feed.ts'
import { publishingStore } from '#server/app/events/publishing-store.ts'
import type { AppDeps, DevFolders, Packages } from '#server/app/ports.ts'
import { createSupervisionService, supervisionReports } from '#server/app/services/supervision-service.ts'
import type { RegistrySources } from '#server/app/sources/source-ports.ts'
import { createSystemClock } from '#server/app/system-clock.ts'
import { createUpdateCheckLog } from '#server/app/updates/update-check-log.ts'
import { createMemoryAccountStore } from '#server/memory/memory-account-store.ts'
import { createMemoryConfigs } from '#server/memory/memory-configs.ts'
import { createMemoryNodes, type MemoryNodes } from '#server/memory/memory-nodes.ts'
import { createMemoryPackages } from '#server/memory/memory-packages.ts'
import { createMemorySources } from '#server/memory/memory-sources.ts'
import { createMemoryStore } from '#server/memory/memory-store.ts'
import { createMemoryUpdatePolicies } from '#server/memory/memory-update-policies.ts'
import { createPbkdf2Hasher } from '#server/memory/pbkdf2-hasher.ts'
import { createDemoCatalog } from '#server/simulated/demo-catalog.ts'
import { DEMO_PLUGINS, type DemoPlugin } from '#server/simulated/demo-catalog-data.ts'
import { createMemoryRegistries, type MemoryRegistry } from '#server/simulated/memory-registries.ts'
import { createSimulatedRuntime, type SimulatedRuntime } from '#server/simulated/simulated-runtime.ts'
import type { PluginScript } from '#server/simulated/simulated-steps.ts'

export interface MemoryDepsOptions {
  /** Time per simulated step (default 500 ms; 0 = no timers at all). */
  stepMs?: number
  /** Outcomes per catalog id (`org/name`) or `*`, over the demo catalog's own. */
  script?: Record<string, PluginScript>
  concurrency?: number
  /** The catalog's plugins (default: the demo catalog). */
  catalogPlugins?: readonly DemoPlugin[]
  /** Told of every new session token and of sign-outs (the mocks' cookie jar). */
  onSessionChange?: (token: string | null) => void
  /** The session of requests without a session cookie (the mocks' demo sign-in). */
  ambientSessionToken?: () => string | undefined
  /** Uploaded packages (default: kept in memory, checked in the browser). */
  packages?: Packages
  /** Dev mode's plugin folders (default: none, dev mode off). */
  devFolders?: DevFolders
  /** Pretend registries by URL (default: one public demo registry, see DEMO_REGISTRY_URL). */
  registries?: Record<string, MemoryRegistry>
  /** Cluster mode: a pretend set of nodes (added by the caller); answers then carry the node. */
  cluster?: boolean
}

/** A fixed key for the in-memory deps: demos and tests only, never a real server's. */
export const MOCK_SECRET_KEY = new Uint8Array(32).map((_, index) => index + 1)
/** The demo registry of mock mode: add it as a source to see registry plugins without a network. */
const DEMO_REGISTRY_URL = 'https://registry.plugboard.example'
/** Its versions signed the way a source with a signature policy shows: signed, wrongly signed, unsigned. */
const DEMO_REGISTRY: MemoryRegistry = {
  plugins: DEMO_PLUGINS.slice(0, 3),
  signatures: {
    'acme/hello-world@1.0.0': 'signed',
    'acme/hello-world@1.1.0': 'signed',
    'acme/hello-world@2.0.0': 'signed',
    'acme/broken-loader@1.0.0': 'invalid',
  },
  provenance: ['acme/hello-world@2.0.0'],
}

/** AppDeps whose runtime is the simulated one (scenarios change its speed and scripts). */
export interface MemoryDeps extends AppDeps {
  runtime: SimulatedRuntime
  sources: RegistrySources
  nodes?: MemoryNodes
}

/** The app's deps in memory: memory stores and uploads, simulated runtime, demo catalog, the real clock. */
export function createMemoryDeps(options: MemoryDepsOptions = {}): MemoryDeps {
  const clock = createSystemClock()
  let sequence = 0
  const changes = createMemoryChangeFeed()
  const store = publishingStore(createMemoryStore({ now: () => clock.now() }), changes)
  const runtime = createSimulatedRuntime({
    clock,
    stepMs: options.stepMs ?? 500,
    script: options.script ?? {},
  })
  // The simulated supervisor (scripted crash loops) reports like the real one.
  runtime.setSupervisor(supervisionReports(createSupervisionService({ store, clock, changes })))
  const secrets = createSecretCipher(MOCK_SECRET_KEY)
  return {
    store,
    runtime,
    changes,
    configs: createMemoryConfigs(),
    secrets,
    catalog: createDemoCatalog(options.catalogPlugins),
    packages: options.packages ?? createMemoryPackages(),
    ...(options.devFolders ? { devFolders: options.devFolders } : {}),
    sources: {
      store: createMemorySources(),
      registries: createMemoryRegistries(options.registries ?? { [DEMO_REGISTRY_URL]: DEMO_REGISTRY }),
      tokens: secrets,
    },
    updatePolicies: createMemoryUpdatePolicies(),
    updateChecks: createUpdateCheckLog(),
    clock,
    accounts: createMemoryAccountStore(),
    // Few rounds: demo passwords only, and tests sign in many times.
    hasher: createPbkdf2Hasher({ iterations: 1_000 }),
    // Zero-padded so ids sort in creation order (the task list's tie-break).
    newId: (prefix) => `${prefix}_${String(++sequence).padStart(6, '0')}`,
    concurrency: options.concurrency ?? 4,
    ...(options.onSessionChange ? { onSessionChange: options.onSessionChange } : {}),
    ...(options.ambientSessionToken ? { ambientSessionToken: options.ambientSessionToken } : {}),
    ...(options.cluster ? { nodes: createMemoryNodes({ store, clock }) } : {}),
  }
}
