import { readFileSync } from 'node:fs'
import type { AddressInfo } from 'node:net'
import { serve } from '@hono/node-server'
import { createApp } from '#server/app/create-app.ts'
import type { Readiness } from '#server/app/ports.ts'
import { createUpdateService } from '#server/app/services/update-service.ts'
import { runTaskRetention } from '#server/app/tasks/task-retention.ts'
import { taskRunnerFor } from '#server/app/tasks/task-runner.ts'
import { runAutoUpdates } from '#server/app/updates/auto-updater.ts'
import { runUpdateChecks } from '#server/app/updates/update-checker.ts'
import { createServerApp } from '#server/node-http/create-server-app.ts'
import { createLogger, errorFields } from '#server/node-http/logger.ts'
import { ensureSpaBuilt } from '#server/node-http/spa-build.ts'
import { clusterHandlers, pollClaims, recoverHere } from '#server/wiring/cluster-wiring.ts'
import { createDeps } from '#server/wiring/create-deps.ts'
import { type NodeDrain, watchDrain } from '#server/wiring/node-drain.ts'
import { loadConfig } from '#server/wiring/server-config.ts'
import { stopServer } from '#server/wiring/server-stop.ts'

const version = (
  JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }
).version

/** The exit code of a node that fenced itself (EX_TEMPFAIL): its service manager starts it again. */
const FENCED_EXIT_CODE = 75

/** Closes the database when the start fails after opening it (set once it is open). */
let closeDbOnFailure: (() => Promise<void>) | undefined

/**
 * `npm start`: build the SPA if needed, open the database (on PostgreSQL: register this node),
 * serve SPA + API on one port, then recover this node's tasks and start its plugins behind it.
 */
async function main(): Promise<void> {
  const startedAt = performance.now()
  const config = loadConfig()
  const logger = createLogger(config.logLevel)
  if (!config.skipBuild) ensureSpaBuilt(config.distDir, logger)

  const { deps, db, runtime, cluster } = await createDeps(config, logger, { version })
  closeDbOnFailure = () => db.close()
  logger.info('database ready', {
    driver: db.dialect,
    ...(db.dialect === 'pglite' ? { dataDir: config.dataDir } : {}),
  })
  // The port opens at once; the workers of the plugins that were ready start behind it (/api/ready).
  const startup: Readiness = { ready: false, starting: 0, started: 0, failed: 0 }
  // In cluster mode a node is ready only while it holds its lease.
  deps.readiness = () => (cluster && !cluster.hasLease() ? { ...startup, ready: false } : startup)
  if (cluster) deps.leaseHeld = () => cluster.hasLease()
  const api = createApp(deps, { version })
  const runner = taskRunnerFor(deps)
  const retention = new AbortController()
  let stopClaimPoll = () => {}
  let drain: NodeDrain | null = null

  const app = createServerApp({ api, logger, distDir: config.distDir })
  const server = serve(
    { fetch: app.fetch, port: config.port, hostname: config.host },
    (info: AddressInfo) => {
      const url = `http://localhost:${info.port}`
      logger.info('listening', {
        url,
        host: config.host,
        port: info.port,
        startupMs: Math.round(performance.now() - startedAt),
      })
      process.stdout.write(`Plugboard is running at ${url}\n`)
      void afterListening()
    },
  )

  /**
   * Behind the open port: recovery (on PostgreSQL only of this node's own earlier incarnations, so
   * a stuck or busy node never delays another's start), the heartbeat, then the plugins' workers.
   */
  async function afterListening(): Promise<void> {
    try {
      const recovery = await recoverHere({ deps, db, runner, cluster })
      logger.info('tasks recovered', { ...recovery })
    } catch (error) {
      logger.error('recovering tasks failed', errorFields(error))
    }
    if (stopping) return
    if (cluster) {
      cluster.startBeating(
        clusterHandlers({
          deps,
          db,
          runner,
          logger,
          onFenced: (reason) => void fence(reason),
          // The Runtime panel's threshold: two missed heartbeats.
          silentAfterMs: 2 * config.cluster.heartbeatMs,
          restate: runtime.restate,
        }),
      )
      stopClaimPoll = pollClaims({ deps, db, runner, cluster, logger })
      drain = watchDrain({ deps, db, runner, cluster, logger })
    }
    void runTaskRetention(deps, retention.signal, (result) => {
      if ('error' in result) logger.error('purging old tasks failed', errorFields(result.error))
      else if (result.purged > 0) logger.info('old tasks purged', { purged: result.purged })
    })
    const updates = createUpdateService(deps, runner)
    void runAutoUpdates(deps, updates, retention.signal, (result) => {
      if ('error' in result) logger.error('automatic updates failed', errorFields(result.error))
      else if (result.started.length > 0)
        logger.info('automatic updates started', { tasks: result.started.length })
    })
    void runUpdateChecks(
      deps,
      updates,
      retention.signal,
      (result) => {
        if ('error' in result) logger.error('checking for updates failed', errorFields(result.error))
        else {
          for (const { workspaceId, error } of result.failed)
            logger.warn('checking for updates failed', { workspaceId, ...errorFields(error) })
          if (result.changed.length > 0)
            logger.info('updates available changed', { workspaces: result.changed })
        }
      },
      config.updateCheckMs,
    )
    await runtime
      .start((progress) => Object.assign(startup, progress))
      .then(
        () => {
          // A stop that began meanwhile cut the start short: never announce ready while draining.
          if (stopping) return
          startup.ready = true
          logger.info('ready', { ...startup, readyMs: Math.round(performance.now() - startedAt) })
        },
        (error: unknown) => logger.error('starting the ready plugins failed', errorFields(error)),
      )
  }

  let stopping = false
  /**
   * This node lost its lease (declared lost after a pause, or the database out of reach too long):
   * another node owns its work now. It writes nothing more, stops its workers, and exits for its
   * service manager to start it again as a new incarnation.
   */
  const fence = async (reason: string) => {
    stopping = true
    logger.error('this node lost its lease: it stops its workers and exits', { reason })
    runner.abandon()
    server.close()
    retention.abort()
    stopClaimPoll()
    drain?.stop()
    runtime.beginShutdown()
    await runtime
      .shutdown(AbortSignal.timeout(Math.min(config.shutdownMs, config.cluster.leaseMs)))
      .catch((error: unknown) => logger.error('stopping the workers failed', errorFields(error)))
    await db.close().catch(() => {})
    process.exit(FENCED_EXIT_CODE)
  }
  server.on('error', (error) => {
    logger.error('the server could not listen', { ...errorFields(error), port: config.port })
    void shutdown('listen error', 1)
  })
  const shutdown = async (signal: string, exitCode = 0) => {
    if (stopping) return
    stopping = true
    logger.info('shutting down', { signal, deadlineMs: config.shutdownMs })
    await cluster
      ?.drain()
      .catch((error: unknown) => logger.warn('could not mark the node draining', errorFields(error)))
    // In a cluster, the plugins move to the live nodes before this one stops (a third of the deadline).
    if (drain) {
      const moved = await drain
        .drainNow(Math.round(config.shutdownMs / 3))
        .catch((error: unknown) => logger.warn('draining before the stop failed', errorFields(error)))
      drain.stop()
      logger.info('drained before the stop', { allMoved: moved === true })
    }
    const inTime = await stopServer({
      logger,
      deadlineMs: config.shutdownMs,
      closeIntake: () => {
        server.close()
        retention.abort()
        stopClaimPoll()
      },
      runner,
      runtime,
      closeDb: async () => {
        await cluster
          ?.stop()
          .catch((error: unknown) => logger.warn('could not mark the node stopped', errorFields(error)))
        await db.close()
      },
    })
    process.exit(inTime ? exitCode : 1)
  }
  // Resumed after a pause (SIGSTOP, a frozen VM): the lease is checked before anything else, and a
  // lease that ran out meanwhile fences the node at once (its workers stopped themselves already).
  if (cluster) process.on('SIGCONT', () => void cluster.hasLease())
  process.on('SIGINT', () => void shutdown('SIGINT'))
  process.on('SIGTERM', () => void shutdown('SIGTERM'))
}

main().catch(async (error: unknown) => {
  process.stderr.write(
    `${JSON.stringify({ time: new Date().toISOString(), level: 'error', msg: 'start failed', ...errorFields(error) })}\n`,
  )
  await closeDbOnFailure?.().catch(() => {})
  process.exit(1)
})
