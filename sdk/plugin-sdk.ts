// The plugin SDK: the types of the plugin API that server/runtime/worker-host.mjs implements, and
// identity helpers that give a plugin's entry those types. A plugin imports it as `plugboard/sdk`;
// `plugboard-plugin pack` bundles the few lines it uses into the entry, so a package never has a
// runtime dependency (docs/plugin-authors.md).
import type { HealthCheck } from '#core/api/plugin-schemas.ts'

/** What a health check may say: the plugin's health, shown in the console and the API. */
export type HealthStatus = HealthCheck['status']

/** A module's settings, as its `configSchema` in plugin.json describes them (secrets in plain text). */
export type ModuleConfig = Record<string, unknown>

/** Lines go to the plugin's log (the console's Logs tab), tagged with the module id. */
export interface ModuleLogger {
  info(...args: unknown[]): void
  warn(...args: unknown[]): void
  error(...args: unknown[]): void
}

/** The second argument of `onLoad`. */
export interface ModuleContext {
  /** The manifest id, `org/name`. */
  pluginId: string
  /** The module id from plugin.json. */
  moduleId: string
  /** The only directory the worker may write; it survives restarts and upgrades. */
  dataDir: string
  log: ModuleLogger
  /**
   * The module's own view of its health. Used when the plugin has no `healthCheck`: the worst status
   * a running module reported is the plugin's health (a stopped module makes it `degraded`).
   */
  reportStatus(status: HealthStatus, message?: string): void
}

/** One module of plugin.json's `modules`, by id. Hooks may be async; a throw is a failure. */
export interface PluginModule<Config extends ModuleConfig = ModuleConfig, Snapshot = unknown> {
  /** Required. Throw to mark the module `stopped` with the error; the other modules still run. */
  onLoad(config: Config, context: ModuleContext): void | Promise<void>
  /** On stop, within the destroy deadline; then the worker gets SIGTERM, then SIGKILL. */
  onDestroy?(): void | Promise<void>
  /** New settings while running; throw to refuse them. Without it a change restarts the worker. */
  onConfigChange?(config: Config): void | Promise<void>
  /** Dev mode: the state to carry across a code reload (JSON-serialisable). */
  onSnapshot?(): Snapshot | Promise<Snapshot>
  /** Dev mode: called after `onLoad` of the reloaded code with what `onSnapshot` returned. */
  onRestore?(snapshot: Snapshot): void | Promise<void>
}

/** A health check's answer: a status, or a status with a message. */
export type HealthAnswer = HealthStatus | { status: HealthStatus; message?: string | null }

// Method syntax keeps parameters bivariant, so a tool may declare the exact params it reads.
interface ToolSignature {
  tool(params: Record<string, unknown>): unknown
}
/** A tool the host calls by name with JSON params; it answers JSON. */
export type PluginTool = ToolSignature['tool']

/** The default export of a plugin's entry. */
export interface PluginDefinition {
  /** One entry per module id declared in plugin.json. */
  modules: Record<string, PluginModule>
  /** Optional; without it the plugin is healthy unless a module stopped or reported otherwise. */
  healthCheck?(): HealthAnswer | Promise<HealthAnswer>
  tools?: Record<string, PluginTool>
  /**
   * Dev mode: the plugin's own state (what belongs to no module) to carry across a code reload, as
   * JSON; asked before the modules' `onSnapshot`. The whole snapshot is at most 1 MB.
   */
  onSnapshot?(): unknown
  /**
   * Dev mode: called on the reloaded code once its modules have loaded, before their `onRestore`,
   * with what `onSnapshot` returned (declare its shape: `onRestore(state: { count: number })`).
   */
  onRestore?(snapshot: unknown): void | Promise<void>
}

/** Types a plugin's default export; returns it unchanged. */
export function definePlugin<const Plugin extends PluginDefinition>(plugin: Plugin): Plugin {
  return plugin
}

/** Types one module with its own config shape; returns it unchanged. */
export function defineModule<Config extends ModuleConfig = ModuleConfig, Snapshot = unknown>(
  module: PluginModule<Config, Snapshot>,
): PluginModule<Config, Snapshot> {
  return module
}
