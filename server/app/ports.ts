import type { Page } from '#core/api/common-schemas.ts'
import type { CatalogEntry, MarketplaceQuery } from '#core/api/marketplace-schemas.ts'
import type { ClusterNodeInfo, PluginNodeStatus } from '#core/api/node-schemas.ts'
import type { UploadedPackage } from '#core/api/package-schemas.ts'
import type {
  ModuleState,
  Plugin,
  PluginEvent,
  PluginList,
  PluginListQuery,
  RuntimeInfo,
} from '#core/api/plugin-schemas.ts'
import type { RuntimeStreamEvent } from '#core/api/stream-events.ts'
import type { Task, TaskItem, TaskListQuery, TaskPage } from '#core/api/task-schemas.ts'
import type { HealthStatus } from '#core/plugins/plugin-health.ts'
import type { PluginStatus } from '#core/plugins/plugin-status.ts'
import type { AccountDeps } from './account-ports.ts'
import type { ConfigStore, SecretCipher } from './config/config-ports.ts'
import type { ChangeFeed } from './events/change-feed.ts'
import type { RegistrySources, UpdatePolicyStore } from './sources/source-ports.ts'
import type { UpdateCheckLog } from './updates/update-check-log.ts'

/**
 * Ports: what the app needs from the world. server/main.ts wires SQL, processes and files;
 * mocks/ wires memory, a simulated runtime and a demo catalog. Nothing here may import node:*.
 */

export interface Clock {
  now(): Date
  /** Resolves after `ms`; rejects with the signal's reason when aborted first. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>
}

/** A plugin row the store creates together with the task that installs it. */
export interface PluginClaim {
  pluginId: string
  /**
   * Present when the plugin does not exist yet: the row to insert (status `installed`). A plugin
   * with the same `pluginId` (org/name) in the workspace makes the call fail: TASK_ALREADY_ACTIVE
   * when it has an active task (a double-clicked install), CONFLICT otherwise.
   */
  create?: Plugin
  /** For a reinstall: the status the plugin must still be in (compare-and-set). */
  expectStatus?: PluginStatus
  /** For a reinstall: the fields to write together with the claim. */
  patch?: Partial<Plugin>
}

export type CreateTaskResult =
  | { ok: true; task: Task }
  | { ok: false; code: 'TASK_ALREADY_ACTIVE'; pluginId: string; taskId: string }
  | { ok: false; code: 'CONFLICT'; pluginId: string }

/**
 * Cluster mode: the node incarnation a runtime write (health, modules, a worker given up on) comes
 * from. The write lands only while the plugin is placed on that node and that incarnation still
 * holds its lease in the database; a node declared lost, or restarted since, writes nothing.
 */
export interface PlacementFence {
  nodeId: string
  epoch: number
}

export interface TransitionRequest {
  from: PluginStatus
  to: PluginStatus
  /** Other fields written in the same compare-and-set. */
  patch?: Partial<Omit<Plugin, 'id' | 'workspaceId' | 'status' | 'revision'>>
  actor: string
  reason: string
  at: Date
  /** A runtime write in cluster mode: fenced by the plugin's placement (the memory store has none). */
  placedOn?: PlacementFence
}

export type TaskItemPatch = Partial<Omit<TaskItem, 'id' | 'pluginId'>>

export interface Store {
  listPlugins(workspaceId: string, query: PluginListQuery): Promise<PluginList>
  /**
   * A short value that changes whenever any of the workspace's plugins changes (added, removed,
   * claimed, released, rewritten): the plugin list's ETag, so an unchanged list answers 304.
   */
  pluginsVersion(workspaceId: string): Promise<string>
  getPlugin(workspaceId: string, id: string): Promise<Plugin | null>
  findPluginByRef(workspaceId: string, pluginRef: string): Promise<Plugin | null>
  /**
   * Non-status fields (health, modules, lastError, …); bumps the revision. With `placedOn` (a
   * runtime write in cluster mode) only while the plugin runs on that node incarnation; null if not.
   */
  updatePlugin(
    workspaceId: string,
    id: string,
    patch: TransitionRequest['patch'],
    placedOn?: PlacementFence,
  ): Promise<Plugin | null>
  /**
   * One compare-and-set write: succeeds only while the plugin is still in `from`; bumps the
   * revision and appends the event in the same transaction. Returns null when someone else won.
   */
  transitionPlugin(workspaceId: string, id: string, transition: TransitionRequest): Promise<Plugin | null>
  /** Deletes the plugin, its events and kept versions (purge, or a failed fresh install). */
  deletePlugin(workspaceId: string, id: string): Promise<void>
  listEvents(
    workspaceId: string,
    pluginId: string,
    page: number,
    pageSize: number,
  ): Promise<Page<PluginEvent>>
  /** Appends an event with no status change (e.g. install started, upgrade rejected). */
  appendEvent(event: Omit<PluginEvent, 'id'>): Promise<PluginEvent>

  /**
   * Persists a task and claims every plugin it touches, atomically: a plugin that already has an
   * active task makes the whole call fail with that task's id, and nothing is written.
   */
  createTask(task: Task, claims: PluginClaim[]): Promise<CreateTaskResult>
  getTask(workspaceId: string, taskId: string): Promise<Task | null>
  listTasks(workspaceId: string, query: TaskListQuery): Promise<TaskPage>
  /** Like pluginsVersion, for the workspace's tasks: the task list's ETag. */
  tasksVersion(workspaceId: string): Promise<string>
  /**
   * Updates one item and re-derives the task's status, counts and finishedAt. When the item
   * becomes terminal, its plugin's claim is released in the same write.
   */
  updateTaskItem(workspaceId: string, taskId: string, itemId: string, patch: TaskItemPatch): Promise<Task>
  /** Marks an active task as cancel-requested; returns null when unknown. */
  requestCancel(workspaceId: string, taskId: string): Promise<Task | null>
  /** Deletes one task only if it is terminal. */
  deleteTask(workspaceId: string, taskId: string): Promise<'deleted' | 'active' | 'not_found'>
  /** Deletes every terminal task of the workspace in one statement; returns how many. */
  clearTerminalTasks(workspaceId: string): Promise<number>
  /** Active tasks of every workspace, oldest first (resumed or interrupted at start-up). */
  listActiveTasks(): Promise<Task[]>
  /** Deletes terminal tasks that finished before `before`; returns how many. */
  purgeTerminalTasks(before: Date): Promise<number>
}

/** What a plugin package declares, as far as the lifecycle needs it. */
export interface PackageInfo {
  pluginId: string
  version: string
  name: string
  description: string
  author: string
  icon: string | null
  categories: string[]
  capabilities: string[]
  /** `configSchema`: the module's JSON Schema for its config, when it has settings. */
  modules: { id: string; name: string; type: string; configSchema?: Record<string, unknown> }[]
  source: Plugin['source']
}

export interface Catalog {
  list(query: MarketplaceQuery): Promise<CatalogEntry[]>
  get(pluginId: string): Promise<CatalogEntry | null>
  /** The package of one catalog version, or null when the catalog has no such version. */
  resolve(pluginId: string, version: string): Promise<PackageInfo | null>
}

/**
 * Uploaded `.tgz` packages. Every upload belongs to the workspace it was posted to: another
 * workspace's packageId resolves to null, exactly like an unknown one.
 */
export interface Packages {
  /** The largest archive `save` accepts; the route refuses bigger bodies before reading them. */
  readonly maxBytes: number
  /** Verifies and keeps an archive; throws PackageTooLargeError or PackageInvalidError (package-errors.ts). */
  save(workspaceId: string, bytes: Uint8Array): Promise<UploadedPackage>
  /** The package to install (`source: { type: 'package', packageId, sha256 }`), or null. */
  resolve(workspaceId: string, packageId: string): Promise<PackageInfo | null>
}

/**
 * Dev mode: plugin folders on the server's own machine. Present only when the server enables dev
 * mode (PLUGBOARD_DEV_MODE=1); without it the dev endpoints answer 404.
 */
export interface DevFolders {
  /** Packs the folder at `path` as a package archive, for the upload's checks; throws PackageInvalidError. */
  pack(path: string): Promise<Uint8Array>
}

/** Progress of the step an operation is in; persisted by the task runner. */
export interface StepUpdate {
  step: string
  progress: number
  message?: string
}

export interface OperationContext {
  workspaceId: string
  plugin: Plugin
  signal: AbortSignal
  report(update: StepUpdate): Promise<void>
}

/** Thrown by a Runtime operation: which step failed, and why. */
export class StepFailure extends Error {
  readonly step: string
  readonly code: string
  readonly detail: string | null

  constructor(step: string, code: string, message: string, detail: string | null = null) {
    super(message)
    this.name = 'StepFailure'
    this.step = step
    this.code = code
    this.detail = detail
  }
}

export interface StartResult {
  modules: ModuleState[]
  health: HealthStatus
}

/** A reload's outcome: what runs now (its manifest's version), and why the new code does not (null: it does). */
export interface ReloadResult {
  started: StartResult
  version: string
  failure: StepFailure | null
  /** Why the running code's state could not be carried over (it started without it); null when it was. */
  stateLost: string | null
}

/**
 * Runs plugins. Each operation reports its steps through `ctx.report`, throws StepFailure on
 * failure, undoes its own partial work before throwing, and stops early when `ctx.signal` aborts.
 */
export interface Runtime {
  /** Fetches, verifies and unpacks a package into the plugin's own place (no process yet). */
  install(ctx: OperationContext, pkg: PackageInfo): Promise<void>
  /** Starts the worker and loads every module. */
  start(ctx: OperationContext): Promise<StartResult>
  /**
   * Hands a running plugin its config in force through the changed modules' own hook, without a
   * restart. Null when it cannot (no hook, nothing running): the caller restarts instead. Optional.
   */
  reconfigure?(ctx: OperationContext, modules: string[]): Promise<StartResult | null>
  /**
   * Dev mode: takes the current files of the plugin's folder (`source.path`) as a new version and
   * moves the worker to it with its state (onSnapshot → stop → start → onRestore). When the new code
   * does not load, the last good version runs again with that state and `failure` says why; throws
   * only when the folder cannot be taken (nothing changed) or no version runs any more. Optional.
   */
  reload?(ctx: OperationContext): Promise<ReloadResult>
  /** Stops the worker (onDestroy, then signals). Stopping a stopped plugin succeeds. */
  stop(ctx: OperationContext): Promise<void>
  /** Stages a new version beside the running one without touching it. */
  stage(ctx: OperationContext, pkg: PackageInfo): Promise<void>
  /** Makes the staged version current (`commit`) or drops it (`discard`), keeping the last 3. */
  settleStaged(ctx: OperationContext, decision: 'commit' | 'discard'): Promise<void>
  /**
   * Undoes the last `settleStaged('commit')`: the previous version is current again and the one it
   * replaced is staged again (so a failed upgrade can be discarded, a cancelled approval retried).
   */
  rollback(ctx: OperationContext): Promise<void>
  /** Removes the plugin's files; with `purge`, its data too. */
  remove(ctx: OperationContext, options: { purge: boolean }): Promise<void>
  /**
   * The version whose files this node holds as the plugin's current one, or null when it holds
   * none (cluster mode: the plugin ran on another node until now). Optional: a runtime without it
   * has every plugin's files wherever it runs.
   */
  installedVersion?(ctx: OperationContext): Promise<string | null>
  /** Diagnostics of the plugin's worker, or null when it has none. */
  info(workspaceId: string, pluginId: string): RuntimeInfo | null
  /** The plugin's last health checks, oldest first (at most 100); optional. */
  healthHistory?(workspaceId: string, pluginId: string): HealthCheckRecord[]
  /** The tail of the plugin's log (last 8 000 characters), or null when it has none; optional. */
  logs?(workspaceId: string, pluginId: string): string | null
}

/**
 * What a runtime tells the app about the workers it supervises, as they crash, restart and are
 * checked. The supervision service (services/supervision-service.ts) implements it.
 */
export interface SupervisionReports {
  /** The runtime gave up on the plugin's worker (too many crashes in a row); `reason` is the full text. */
  failed(workspaceId: string, pluginId: string, reason: string): Promise<void>
  /** The worker's health or module states changed. */
  state(workspaceId: string, pluginId: string, state: StartResult): Promise<void>
  /** Something happened to the worker (crash, restart scheduled, health check, log line). */
  event(workspaceId: string, pluginId: string, event: Omit<RuntimeStreamEvent, 'pluginId'>): void
}

/** One health check of a plugin's worker, as kept for its health chart. */
export interface HealthCheckRecord {
  at: string
  status: 'healthy' | 'degraded' | 'unhealthy'
  message: string | null
  durationMs: number
}

/** Accounts (users, sessions, workspaces, audit) come from AccountDeps: see account-ports.ts. */
/** How far the server's start has got: the workers of the plugins that were ready (`/api/ready`). */
export interface Readiness {
  ready: boolean
  /** Plugins whose worker is still to start or starting. */
  starting: number
  started: number
  failed: number
}

export interface AppDeps extends AccountDeps {
  store: Store
  runtime: Runtime
  catalog: Catalog
  /** Uploaded packages; without it uploads and `source: 'package'` installs answer 404. */
  packages?: Packages
  /** Dev mode's plugin folders; without them (the default) dev mode is off and its endpoints answer 404. */
  devFolders?: DevFolders
  /** Plugin configuration versions, and the cipher that seals their secret fields. */
  configs: ConfigStore
  secrets: SecretCipher
  /**
   * The workspace's registry sources, the registries behind them, and the cipher of their tokens;
   * without them the marketplace is the local catalog alone.
   */
  sources?: RegistrySources
  /** Update policies and pins; without them no plugin is pinned and nothing updates by itself. */
  updatePolicies?: UpdatePolicyStore
  /** The background update check's last round per workspace; without it `lastCheck` is null. */
  updateChecks?: UpdateCheckLog
  clock: Clock
  /** Makes ids; injectable so tests and scenarios are deterministic. */
  newId(prefix: string): string
  /** How many task items run at once (default 4). */
  concurrency?: number
  /** The largest JSON request body, in bytes (default 1 MiB); larger ones answer 413. */
  maxJsonBytes?: number
  /**
   * The workspace change feed behind `GET …/stream`; `store` must then be its publishing store
   * (events/publishing-store.ts). Without it the stream answers 404.
   */
  changes?: ChangeFeed
  /** The server's start; without it the app is ready at once (mocks, tests). */
  readiness?: () => Readiness
  /**
   * Cluster mode: whether this node still holds its lease (checked by its own clock at every call).
   * A running item's operation touches neither the store nor the runtime once it is false.
   * Without it (one process, mocks) the node always may.
   */
  leaseHeld?: () => boolean
  /** Cluster mode: the nodes and where plugins run. Without it (one process) answers carry no node. */
  nodes?: NodeDirectory
}

/** The outcome of asking a node to drain. */
export type DrainOutcome =
  | { ok: true; node: ClusterNodeInfo }
  | { ok: false; code: 'NOT_FOUND' | 'NOT_ACTIVE' | 'NO_OTHER_NODE' }

/**
 * The cluster's nodes as the API shows them (server/cluster/node-directory.ts on PostgreSQL,
 * server/memory/memory-nodes.ts in mocks and tests). Times are the database's.
 */
export interface NodeDirectory {
  list(): Promise<ClusterNodeInfo[]>
  /** The node each of the workspace's plugins runs on (plugins placed on no node are absent). */
  placements(workspaceId: string): Promise<Map<string, string>>
  /** The node the plugin runs on and whether it answers; null when it runs on no node. */
  statusOf(workspaceId: string, pluginId: string): Promise<PluginNodeStatus | null>
  /**
   * Marks an active node draining: it takes no new task items and moves its plugins to the other
   * live nodes (the node itself does the moving, on its next beat). Refused when no other node is
   * active to take them.
   */
  drain(name: string): Promise<DrainOutcome>
}
