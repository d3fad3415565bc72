import type { Plugin } from './plugin-schemas.ts'
import type { Task } from './task-schemas.ts'
import type { WorkspaceSettings } from './workspace-schemas.ts'

/**
 * The workspace change stream (`GET /api/workspaces/:ws/stream`, docs/api.md): event names and
 * payloads. Plain types and constants so the SPA can use them without loading zod; the schemas
 * that check them live in stream-schemas.ts.
 */
export const STREAM_EVENT_TYPES = [
  'task.created',
  'task.changed',
  'tasks.removed',
  'plugin.changed',
  'plugin.removed',
  'runtime',
  'members.changed',
  'settings.changed',
  'updates.changed',
  'plugin.pinned',
] as const
export type StreamEventType = (typeof STREAM_EVENT_TYPES)[number]

/** Sent instead of a replay when the client asked to resume from an event no longer kept. */
export const RESYNC_EVENT = 'resync'

/** How long the server lets a stream stay silent before it writes a comment line. */
export const STREAM_HEARTBEAT_MS = 15_000

/** What the supervisor saw happen to a plugin's worker. */
export const RUNTIME_EVENT_KINDS = [
  'crash',
  'restart-scheduled',
  'restarted',
  'failed',
  'health',
  'log',
] as const
export type RuntimeEventKind = (typeof RUNTIME_EVENT_KINDS)[number]

export interface RuntimeStreamEvent {
  pluginId: string
  kind: RuntimeEventKind
  at: string
  /** crash, failed: why; log: the new lines (one batch, newline-separated). */
  message?: string
  /** log: lines the worker wrote in this batch's window beyond what one event carries (left out). */
  dropped?: number
  /** restart-scheduled: which restart in a row, and when it will happen. */
  attempt?: number
  restartAt?: string
  /** health: the result of the check. */
  status?: Plugin['health']
}

/** Each event's payload, by its name. */
export interface StreamPayloads {
  'task.created': { task: Task }
  'task.changed': { task: Task }
  /** `taskIds` null: every terminal task of the workspace was cleared. */
  'tasks.removed': { taskIds: string[] | null }
  'plugin.changed': { plugin: Plugin }
  'plugin.removed': { pluginId: string }
  runtime: RuntimeStreamEvent
  'members.changed': Record<string, never>
  'settings.changed': { settings: WorkspaceSettings }
  /** The background check found other updates available than before: which plugin, which version. */
  'updates.changed': { available: { pluginId: string; version: string }[] }
  /** An admin pinned a plugin to its version, or unpinned it (the plugin page and the Updates page). */
  'plugin.pinned': { pluginId: string; pinned: boolean }
}

/** One change as published inside the server, before it gets its id. */
export type StreamChange = {
  [K in StreamEventType]: { type: K; data: StreamPayloads[K] }
}[StreamEventType]
