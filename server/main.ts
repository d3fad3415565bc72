import { readFileSync } from 'node:fs'
import type { AddressInfo } from 'node:net'
import { serve } from '@hono/node-server'
import { createApp } from '#server/app/create-app.ts'
import type { Readiness } from '#server/app/ports.ts'
import { createUpdateService } from '#server/app/services/update-service.ts'
import { runTaskRetention } from '#server/app/tasks/task-retention.ts'
import { taskRunnerFor } from '#server/app/tasks/task-runner.ts'
import { runAutoUpdates } from '#server/app/updates/auto-updater.ts'
import { createServerApp } from '#server/node-http/create-server-app.ts'
import { createLogger, errorFields } from '#server/node-http/logger.ts'
import { ensureSpaBuilt } from '#server/node-http/spa-build.ts'
import { createDeps } from '#server/wiring/create-deps.ts'
import { loadConfig } from '#server/wiring/server-config.ts'
import { stopServer } from '#server/wiring/server-stop.ts'

const version = (
  JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }
).version

/** Closes the database when the start fails after opening it (set once it is open). */
let closeDbOnFailure: (() => Promise<void>) | undefined

/** `npm start`: build the SPA if needed, open the database, recover tasks, serve SPA + API on one port. */
async function main(): Promise<void> {
  const startedAt = performance.now()
  const config = loadConfig()
  const logger = createLogger(config.logLevel)
  if (!config.skipBuild) ensureSpaBuilt(config.distDir, logger)

  const { deps, db, runtime } = await createDeps(config, logger)
  closeDbOnFailure = () => db.close()
  // A signal during recovery or before the port opens stops what exists so far, the database included.
  let server: ReturnType<typeof serve> | undefined
  let stopping = false
  const retention = new AbortController()
  const runner = taskRunnerFor(deps)
  const shutdown = async (signal: string, exitCode = 0) => {
    if (stopping) return
    stopping = true
    logger.info('shutting down', { signal, deadlineMs: config.shutdownMs })
    const inTime = await stopServer({
      logger,
      deadlineMs: config.shutdownMs,
      closeIntake: () => {
        server?.close()
        retention.abort()
      },
      runner,
      runtime,
      closeDb: () => db.close(),
    })
    process.exit(inTime ? exitCode : 1)
  }
  process.on('SIGINT', () => void shutdown('SIGINT'))
  process.on('SIGTERM', () => void shutdown('SIGTERM'))

  logger.info('database ready', {
    driver: db.dialect,
    ...(db.dialect === 'pglite' ? { dataDir: config.dataDir } : {}),
  })
  // The port opens at once; the workers of the plugins that were ready start behind it (/api/ready).
  const startup: Readiness = { ready: false, starting: 0, started: 0, failed: 0 }
  deps.readiness = () => startup
  const api = createApp(deps, { version })
  const recovery = await runner.recover()
  logger.info('tasks recovered', { ...recovery })
  if (stopping) return
  void runTaskRetention(deps, retention.signal, (result) => {
    if ('error' in result) logger.error('purging old tasks failed', errorFields(result.error))
    else if (result.purged > 0) logger.info('old tasks purged', { purged: result.purged })
  })
  void runAutoUpdates(deps, createUpdateService(deps, runner), retention.signal, (result) => {
    if ('error' in result) logger.error('automatic updates failed', errorFields(result.error))
    else if (result.started.length > 0)
      logger.info('automatic updates started', { tasks: result.started.length })
  })

  const app = createServerApp({ api, logger, distDir: config.distDir })
  server = serve({ fetch: app.fetch, port: config.port, hostname: config.host }, (info: AddressInfo) => {
    const url = `http://localhost:${info.port}`
    logger.info('listening', {
      url,
      host: config.host,
      port: info.port,
      startupMs: Math.round(performance.now() - startedAt),
    })
    process.stdout.write(`Plugboard is running at ${url}\n`)
  })
  void runtime
    .start((progress) => Object.assign(startup, progress))
    .then(
      () => {
        startup.ready = true
        logger.info('ready', { ...startup, readyMs: Math.round(performance.now() - startedAt) })
      },
      (error: unknown) => logger.error('starting the ready plugins failed', errorFields(error)),
    )

  server.on('error', (error) => {
    logger.error('the server could not listen', { ...errorFields(error), port: config.port })
    void shutdown('listen error', 1)
  })
}

main().catch(async (error: unknown) => {
  process.stderr.write(
    `${JSON.stringify({ time: new Date().toISOString(), level: 'error', msg: 'start failed', ...errorFields(error) })}\n`,
  )
  await closeDbOnFailure?.().catch(() => {})
  process.exit(1)
})
