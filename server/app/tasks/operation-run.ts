import type { Plugin } from '#core/api/plugin-schemas.ts'
import type { Task, TaskItem } from '#core/api/task-schemas.ts'
import type { PluginStatus } from '#core/plugins/plugin-status.ts'
import { firstLine } from '#core/tasks/error-text.ts'
import type { AppDeps, OperationContext, StartResult, TransitionRequest } from '#server/app/ports.ts'
import { writePluginStatus } from '#server/app/services/plugin-status-writer.ts'
import { fullText, TransitionConflict } from './item-outcome.ts'

type Patch = TransitionRequest['patch']

/** What an operation works with: its item, the plugin as it was when the item started, and helpers. */
export interface OperationRun {
  deps: AppDeps
  task: Task
  item: TaskItem
  plugin: Plugin
  signal: AbortSignal
  /** A runtime context whose progress 0–100 maps onto [from, to] of the item's progress. */
  context(from: number, to: number, plugin?: Plugin): OperationContext
  /** Best-effort undo with a context that is never aborted; reports whether it worked. */
  cleanup(undo: (ctx: OperationContext) => Promise<unknown>, plugin?: Plugin): Promise<boolean>
  /** Starts the worker again (undoing a stop after a cancel or a failed swap); null when that fails too. */
  restoreWorker(plugin?: Plugin): Promise<StartResult | null>
  /** The compare-and-set write of a status change (with its event); throws TransitionConflict. */
  transition(from: PluginStatus, to: PluginStatus, reason: string, patch?: Patch): Promise<Plugin>
  /** Records a failure on the plugin: `error` with lastError (already `error`: lastError only). */
  markError(from: PluginStatus, error: unknown, patch?: Patch): Promise<void>
}

export function createOperationRun(
  deps: AppDeps,
  task: Task,
  item: TaskItem,
  plugin: Plugin,
  signal: AbortSignal,
): OperationRun {
  const { store, clock } = deps
  const report =
    (from: number, to: number) => async (update: { step: string; progress: number; message?: string }) => {
      const progress = Math.round(from + ((to - from) * Math.min(100, Math.max(0, update.progress))) / 100)
      await store.updateTaskItem(task.workspaceId, task.id, item.id, {
        step: update.step,
        progress,
        ...(update.message ? { message: update.message } : {}),
      })
    }
  const never = new AbortController().signal
  const run: OperationRun = {
    deps,
    task,
    item,
    plugin,
    signal,
    context: (from, to, target = plugin) => ({
      workspaceId: task.workspaceId,
      plugin: target,
      signal,
      report: report(from, to),
    }),
    async cleanup(undo, target = plugin) {
      const ctx = {
        workspaceId: task.workspaceId,
        plugin: target,
        signal: never,
        report: async ({ step }: { step: string }) => {
          await store.updateTaskItem(task.workspaceId, task.id, item.id, {
            step,
            message: `rolling back: ${step}`,
          })
        },
      }
      try {
        await undo(ctx)
        return true
      } catch (error) {
        console.error(`[tasks] rollback of ${task.kind} ${plugin.id} failed:`, fullText(error))
        return false
      }
    },
    async restoreWorker(target = plugin) {
      let started: StartResult | null = null
      await run.cleanup(async (ctx) => {
        started = await deps.runtime.start(ctx)
      }, target)
      return started
    },
    async transition(from, to, reason, patch) {
      const request = { from, to, reason, actor: task.actor, at: clock.now(), ...(patch ? { patch } : {}) }
      const updated = await writePluginStatus(store, task.workspaceId, plugin.id, request)
      if (!updated) throw new TransitionConflict(from, to)
      return updated
    },
    async markError(from, error, patch = {}) {
      const text = fullText(error)
      const fields = { lastError: text, health: 'failed' as const, ...patch }
      if (from === 'error') await store.updatePlugin(task.workspaceId, plugin.id, fields)
      else await run.transition(from, 'error', `${task.kind} failed: ${firstLine(text)}`, fields)
    },
  }
  return run
}
