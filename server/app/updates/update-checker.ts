import type { StreamPayloads } from '#core/api/stream-events.ts'
import type { AppDeps } from '#server/app/ports.ts'
import type { UpdateService } from '#server/app/services/update-service.ts'
import { everyInterval } from './every-interval.ts'

/** How often the server looks for new versions in every workspace's sources (PLUGBOARD_UPDATE_CHECK_MS). */
export const UPDATE_CHECK_INTERVAL_MS = 60 * 60_000

type Available = StreamPayloads['updates.changed']['available']

export interface UpdateCheckRound {
  checked: number
  /** The workspaces whose available updates changed since the last round (an event was published). */
  changed: string[]
  failed: { workspaceId: string; error: unknown }[]
}

/**
 * The background update check: every workspace's available updates, read from its sources (their
 * answers cached no longer than the registry max-age), compared with what the previous round
 * found. A difference is pushed on the workspace's stream (`updates.changed`), so every open
 * console shows "update available" without anybody opening the Updates page or polling for it.
 */
export function createUpdateChecker(deps: AppDeps, updates: UpdateService) {
  const last = new Map<string, string>()
  return {
    async round(): Promise<UpdateCheckRound> {
      const result: UpdateCheckRound = { checked: 0, changed: [], failed: [] }
      for (const workspaceId of await deps.accounts.listWorkspaceIds()) {
        result.checked++
        try {
          const { items, problems } = await updates.list(workspaceId)
          const error = problems.map((problem) => `${problem.name}: ${problem.message}`).join('; ')
          deps.updateChecks?.record(workspaceId, { at: deps.clock.now().toISOString(), error: error || null })
          const available: Available = items.map((item) => ({
            pluginId: item.pluginId,
            version: item.version,
          }))
          const key = JSON.stringify(available)
          const before = last.get(workspaceId)
          last.set(workspaceId, key)
          // The first look at a workspace with nothing to offer is no news.
          if (key === before || (before === undefined && available.length === 0)) continue
          deps.changes?.publish(workspaceId, { type: 'updates.changed', data: { available } })
          result.changed.push(workspaceId)
        } catch (error) {
          const message = error instanceof Error ? error.message : String(error)
          deps.updateChecks?.record(workspaceId, { at: deps.clock.now().toISOString(), error: message })
          result.failed.push({ workspaceId, error })
        }
      }
      return result
    },
  }
}

/** Checks now and then every `intervalMs` on the deps' Clock until `signal` aborts. */
export async function runUpdateChecks(
  deps: AppDeps,
  updates: UpdateService,
  signal: AbortSignal,
  onRound: (result: UpdateCheckRound | { error: unknown }) => void = () => {},
  intervalMs = UPDATE_CHECK_INTERVAL_MS,
): Promise<void> {
  const checker = createUpdateChecker(deps, updates)
  await everyInterval(deps.clock, intervalMs, signal, async () => {
    try {
      onRound(await checker.round())
    } catch (error) {
      onRound({ error })
    }
  })
}
