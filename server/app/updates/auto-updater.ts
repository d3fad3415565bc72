import type { Task } from '#core/api/task-schemas.ts'
import { insideWindow } from '#core/updates/update-rules.ts'
import type { AppDeps } from '#server/app/ports.ts'
import type { UpdateService } from '#server/app/services/update-service.ts'
import { settleAudit } from '#server/app/tasks/task-runner.ts'
import { everyInterval } from './every-interval.ts'

/** Who automatic updates are recorded as, in tasks, timelines and the audit log. */
export const AUTO_UPDATE_ACTOR = 'system:auto-update'
/** How often the automatic updater looks for work. */
export const AUTO_UPDATE_INTERVAL_MS = 5 * 60_000

/**
 * One round of automatic updates: for every workspace whose policy is `patch` or `minor` and whose
 * maintenance window is open now (the deps' Clock, in the window's time zone), one system task
 * updating every plugin to the version its policy allows. Pinned plugins, major versions and new
 * capabilities are never taken (policyVersion is null for them); a plugin busy with another task
 * waits for the next round. Answers the tasks it started.
 */
export async function runAutoUpdateRound(deps: AppDeps, updates: UpdateService): Promise<Task[]> {
  const started: Task[] = []
  for (const workspaceId of (await deps.updatePolicies?.automatic()) ?? []) {
    const policy = await updates.policy(workspaceId)
    if (policy.mode === 'manual' || !insideWindow(policy.window, deps.clock.now())) continue
    const { items } = await updates.list(workspaceId)
    const due = []
    for (const item of items) {
      const plugin = await deps.store.getPlugin(workspaceId, item.pluginId)
      if (item.policyVersion && plugin && !plugin.activeTaskId && plugin.status === 'ready') {
        due.push({ pluginId: item.pluginId, version: item.policyVersion })
      }
    }
    if (due.length === 0) continue
    const task = await updates.update(workspaceId, { items: due }, AUTO_UPDATE_ACTOR)
    await deps.accounts.appendAudit({
      workspaceId,
      at: deps.clock.now().toISOString(),
      actorId: null,
      actorEmail: AUTO_UPDATE_ACTOR,
      action: 'plugin.auto_update',
      target: null,
      outcome: 'success',
      ip: null,
      details: { taskId: task.id, policy: policy.mode, items: due },
    })
    // The task may have ended before its entry existed (an instant step): settle it now.
    await settleAudit(deps, workspaceId, task.id)
    started.push(task)
  }
  return started
}

/** Runs a round now and then every `intervalMs` on the deps' Clock until `signal` aborts; failures are reported. */
export async function runAutoUpdates(
  deps: AppDeps,
  updates: UpdateService,
  signal: AbortSignal,
  onRound: (result: { started: Task[] } | { error: unknown }) => void = () => {},
  intervalMs = AUTO_UPDATE_INTERVAL_MS,
): Promise<void> {
  await everyInterval(deps.clock, intervalMs, signal, async () => {
    try {
      onRound({ started: await runAutoUpdateRound(deps, updates) })
    } catch (error) {
      onRound({ error })
    }
  })
}
