import type { RuntimeInfo } from '#core/api/plugin-schemas.ts'
import type { HealthCheckRecord, Runtime } from '#server/app/ports.ts'
import type { Db } from '#server/sql/db.ts'
import type { NodeIdentity } from './node-lease.ts'

/** How often a node reports its workers and reads the others' reports. */
const REPORT_MS = 1_000
/** How often an unchanged report is written again for its memory figure alone. */
const MEMORY_EVERY_MS = 10_000

/** What the node running a plugin's worker last reported. */
interface Report {
  nodeId: string
  info: RuntimeInfo
  healthHistory: HealthCheckRecord[]
  logTail: string | null
  /** When it was reported, by this process's clock (database age at the read). */
  reportedAt: number
}

/** Where a plugin's worker runs, and whether that node still answers. */
interface Owner {
  nodeId: string
  live: boolean
}

const keyOf = (workspaceId: string, pluginId: string) => `${workspaceId}\u0000${pluginId}`

/**
 * Cluster mode: every node shows the same runtime diagnostics, health history and log tail for
 * every plugin. Each node reports those of the workers it runs into `plugin_runtime` every second
 * (fenced: only for plugins placed on its current incarnation), and mirrors the others' reports
 * and the plugins' placements in memory, so the Runtime port's reads stay synchronous. A plugin
 * placed on another node is answered from that node's report; when that node no longer answers,
 * there are no diagnostics, and the log tail says so above the last lines the node sent.
 */
export function mirroredRuntime(options: {
  db: Db
  runtime: Runtime
  self(): NodeIdentity | null
  warn(message: string, fields?: Record<string, unknown>): void
}): Runtime {
  const { db, runtime } = options
  const reports = new Map<string, Report>()
  const owners = new Map<string, Owner>()
  /** What this node last wrote per plugin (memory aside), so an unchanged report waits. */
  const written = new Map<string, { text: string; at: number }>()
  let since: string | null = null

  async function report(self: NodeIdentity): Promise<void> {
    const { rows } = await db.query<{ workspace_id: string; id: string }>(
      'SELECT workspace_id, id FROM plugins WHERE node_id = $1',
      [self.nodeId],
    )
    for (const { workspace_id: workspaceId, id } of rows) {
      const info = runtime.info(workspaceId, id)
      if (!info) continue
      const values = [
        JSON.stringify(info),
        JSON.stringify(runtime.healthHistory?.(workspaceId, id) ?? []),
        runtime.logs?.(workspaceId, id) ?? null,
      ]
      const key = keyOf(workspaceId, id)
      // The memory figure moves all the time: alone, it is written again every MEMORY_EVERY_MS.
      const text = JSON.stringify([{ ...info, memoryRss: null }, ...values.slice(1)])
      const last = written.get(key)
      if (last?.text === text && Date.now() - last.at < MEMORY_EVERY_MS) continue
      await db.query(
        `INSERT INTO plugin_runtime (workspace_id, plugin_id, node_id, info, health_history, log_tail, reported_at)
         SELECT $1, $2, $3, $5, $6, $7, now()
         WHERE EXISTS (SELECT 1 FROM nodes n WHERE n.id = $3 AND n.epoch = $4 AND n.state IN ('active', 'draining'))
           AND EXISTS (SELECT 1 FROM plugins p WHERE p.workspace_id = $1 AND p.id = $2 AND p.node_id = $3)
         ON CONFLICT (workspace_id, plugin_id) DO UPDATE SET node_id = EXCLUDED.node_id, info = EXCLUDED.info,
           health_history = EXCLUDED.health_history, log_tail = EXCLUDED.log_tail, reported_at = now()`,
        [workspaceId, id, self.nodeId, self.epoch, ...values],
      )
      written.set(key, { text, at: Date.now() })
    }
  }

  async function mirror(): Promise<void> {
    const placed = await db.query<{ workspace_id: string; id: string; node_id: string; live: boolean }>(
      `SELECT p.workspace_id, p.id, p.node_id,
              coalesce(n.state IN ('active', 'draining') AND n.lease_until > now(), false) AS live
       FROM plugins p LEFT JOIN nodes n ON n.id = p.node_id WHERE p.node_id IS NOT NULL`,
    )
    owners.clear()
    for (const row of placed.rows)
      owners.set(keyOf(row.workspace_id, row.id), { nodeId: row.node_id, live: row.live })
    // Reports since the last read, with a few seconds' overlap: a report whose statement began
    // before the last read may have committed after it.
    const { rows } = await db.query<{
      workspace_id: string
      plugin_id: string
      node_id: string
      info: string
      health_history: string
      log_tail: string | null
      age_ms: number
      read_at: string
    }>(
      `SELECT workspace_id, plugin_id, node_id, info, health_history, log_tail,
              (extract(epoch FROM now() - reported_at) * 1000)::int AS age_ms, now()::text AS read_at
       FROM plugin_runtime
       WHERE $1::timestamptz IS NULL OR reported_at > $1::timestamptz - interval '5 seconds'`,
      [since],
    )
    const readAt = Date.now()
    for (const row of rows) {
      reports.set(keyOf(row.workspace_id, row.plugin_id), {
        nodeId: row.node_id,
        info: JSON.parse(row.info),
        healthHistory: JSON.parse(row.health_history),
        logTail: row.log_tail,
        reportedAt: readAt - row.age_ms,
      })
    }
    if (rows[0]) since = rows[0].read_at
  }

  let busy = false
  const timer = setInterval(() => {
    const self = options.self()
    if (busy || !self) return
    busy = true
    void report(self)
      .then(mirror)
      .catch((error: unknown) => options.warn('runtime reports failed', { error: String(error) }))
      .finally(() => {
        busy = false
      })
  }, REPORT_MS)
  timer.unref()

  /** The report of a plugin whose worker runs on another node; null when it runs here or nowhere. */
  const elsewhere = (workspaceId: string, pluginId: string) => {
    const key = keyOf(workspaceId, pluginId)
    const owner = owners.get(key)
    if (!owner || owner.nodeId === options.self()?.nodeId) return null
    const last = reports.get(key)
    return { owner, report: last?.nodeId === owner.nodeId ? last : null }
  }

  const mirrored: Runtime = {
    install: (ctx, pkg) => runtime.install(ctx, pkg),
    start: (ctx) => runtime.start(ctx),
    stop: (ctx) => runtime.stop(ctx),
    stage: (ctx, pkg) => runtime.stage(ctx, pkg),
    settleStaged: (ctx, decision) => runtime.settleStaged(ctx, decision),
    rollback: (ctx) => runtime.rollback(ctx),
    remove: (ctx, removal) => runtime.remove(ctx, removal),
    ...(runtime.reconfigure
      ? { reconfigure: (ctx, modules) => runtime.reconfigure?.(ctx, modules) ?? Promise.resolve(null) }
      : {}),
    ...(runtime.installedVersion
      ? { installedVersion: (ctx) => runtime.installedVersion?.(ctx) ?? Promise.resolve(null) }
      : {}),
    info(workspaceId, pluginId) {
      const remote = elsewhere(workspaceId, pluginId)
      if (!remote) return runtime.info(workspaceId, pluginId)
      return remote.owner.live ? (remote.report?.info ?? null) : null
    },
    healthHistory(workspaceId, pluginId) {
      const remote = elsewhere(workspaceId, pluginId)
      if (!remote) return runtime.healthHistory?.(workspaceId, pluginId) ?? []
      return remote.report?.healthHistory ?? []
    },
    logs(workspaceId, pluginId) {
      const remote = elsewhere(workspaceId, pluginId)
      if (!remote) return runtime.logs?.(workspaceId, pluginId) ?? null
      const tail = remote.report?.logTail ?? null
      if (remote.owner.live) return tail
      const age = remote.report
        ? ` since ${Math.round((Date.now() - remote.report.reportedAt) / 1000)} s`
        : ''
      const note = `[plugboard] node ${remote.owner.nodeId} is not answering${age}: the log tail cannot be read from it.`
      return tail ? `${note} The last lines it sent:\n${tail}` : note
    },
  }
  return mirrored
}
