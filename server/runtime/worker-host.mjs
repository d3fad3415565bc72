// The worker host shim: the entry of every plugin worker process. Plain JavaScript on purpose (see
// docs/decisions/0003-worker-host.md): no TypeScript loader in the worker, so it starts fast and idles
// small. Protocol over the IPC channel: the host sends { id, method, params }, the shim answers
// { id, result } or { id, error: { name, message, stack } }. In cluster mode the host also sends
// { beat: true } four times per watch bound (argv: the watch bound and the stop deadline).
import { pathToFileURL } from 'node:url'

/** How long this worker may hear nothing from its host before it stops itself; 0: never. */
const watchMs = Number(process.argv[2] ?? 0) || 0
/** How long onDestroy may take when the worker stops itself. */
const selfStopMs = Number(process.argv[3] ?? 0) || 1000

/** The plugin's exported API, once `load` has imported it. */
let api = null
/** Ids of the modules whose onLoad succeeded; only they get onDestroy. */
const running = new Set()
const moduleErrors = new Map()
/** What each module last said of itself through `context.reportStatus`; feeds the default health. */
const reported = new Map()
const STATUSES = ['healthy', 'degraded', 'unhealthy']

const send = (message) => {
  if (process.connected) process.send(message)
}

const describe = (error) =>
  error instanceof Error
    ? { name: error.name, message: error.message, stack: error.stack ?? null }
    : { name: 'Error', message: String(error), stack: null }

const errorText = (error) => (error instanceof Error ? `${error.name}: ${error.message}` : String(error))

/**
 * The second argument of `onLoad`: who the module is, its data directory, a logger whose lines go
 * to the plugin's log tagged with the module, and `reportStatus` for a plugin without its own
 * health check (the worst status a module reported is the plugin's health).
 */
function contextFor(pluginId, moduleId, dataDir) {
  const tagged =
    (write) =>
    (...args) =>
      write(`[${moduleId}]`, ...args)
  return {
    pluginId,
    moduleId,
    dataDir,
    log: { info: tagged(console.log), warn: tagged(console.warn), error: tagged(console.error) },
    reportStatus(status, message = null) {
      if (!STATUSES.includes(status)) throw new Error(`reportStatus: unknown status "${status}"`)
      reported.set(moduleId, { status, message: typeof message === 'string' ? message : null })
    },
  }
}

async function load({ entry, pluginId, modules, configs, dataDir }) {
  const imported = await import(pathToFileURL(entry).href)
  api = imported.default ?? imported
  if (!api || typeof api !== 'object') throw new Error('the plugin entry must export an object')
  const exported = api.modules ?? {}
  const results = await Promise.all(
    modules.map(async (moduleId) => {
      try {
        const module = exported[moduleId]
        if (!module || typeof module.onLoad !== 'function') {
          throw new Error(`module "${moduleId}" is not exported with an onLoad function`)
        }
        await module.onLoad(configs?.[moduleId] ?? {}, contextFor(pluginId, moduleId, dataDir))
        running.add(moduleId)
        return { id: moduleId, status: 'running', error: null }
      } catch (error) {
        moduleErrors.set(moduleId, errorText(error))
        console.error(`[plugboard] module ${moduleId} failed to load:`, error)
        return { id: moduleId, status: 'stopped', error: errorText(error) }
      }
    }),
  )
  return { modules: results }
}

/**
 * New settings without a restart: only when every changed module that runs exports
 * `onConfigChange(config)`; otherwise the host restarts the worker (nothing is called here).
 */
async function configure({ configs, modules }) {
  const exported = api?.modules ?? {}
  const hooked = (moduleId) =>
    running.has(moduleId) && typeof exported[moduleId]?.onConfigChange === 'function'
  if (!api || !modules.every(hooked)) return { restart: true }
  const results = await Promise.all(
    modules.map(async (moduleId) => {
      try {
        await exported[moduleId].onConfigChange(configs?.[moduleId] ?? {})
        return { id: moduleId, error: null }
      } catch (error) {
        return { id: moduleId, error: errorText(error) }
      }
    }),
  )
  return { restart: false, modules: results }
}

/** Without a plugin health check: a stopped module degrades it, then the worst reported status. */
function defaultHealth() {
  if (moduleErrors.size > 0) return { status: 'degraded', message: `${moduleErrors.size} module(s) stopped` }
  let worst = { status: 'healthy', message: null }
  for (const [moduleId, report] of reported) {
    if (!running.has(moduleId) || STATUSES.indexOf(report.status) <= STATUSES.indexOf(worst.status)) continue
    worst = { status: report.status, message: report.message ? `${moduleId}: ${report.message}` : moduleId }
  }
  return worst
}

async function health() {
  if (typeof api?.healthCheck !== 'function') return defaultHealth()
  const answer = await api.healthCheck()
  const status = typeof answer === 'string' ? answer : answer?.status
  if (!['healthy', 'degraded', 'unhealthy'].includes(status)) {
    return { status: 'unhealthy', message: `health check answered ${JSON.stringify(answer)}` }
  }
  return { status, message: typeof answer?.message === 'string' ? answer.message : null }
}

async function call({ tool, params }) {
  const fn = api?.tools?.[tool]
  if (typeof fn !== 'function') throw new Error(`unknown tool "${tool}"`)
  return await fn(params ?? {})
}

async function destroy() {
  const exported = api?.modules ?? {}
  const results = await Promise.all(
    [...running].map(async (moduleId) => {
      try {
        await exported[moduleId]?.onDestroy?.()
        return { id: moduleId, error: null }
      } catch (error) {
        return { id: moduleId, error: errorText(error) }
      } finally {
        running.delete(moduleId)
      }
    }),
  )
  return { modules: results }
}

/**
 * Dev mode's reload: the state the plugin and its running modules hand over from `onSnapshot()`,
 * as plain JSON of at most `maxBytes` (only the hooks that exist are asked).
 */
async function snapshot({ maxBytes }) {
  const exported = api?.modules ?? {}
  const state = { modules: {} }
  if (typeof api?.onSnapshot === 'function') state.plugin = (await api.onSnapshot()) ?? null
  for (const moduleId of running) {
    const hook = exported[moduleId]?.onSnapshot
    if (typeof hook === 'function') state.modules[moduleId] = (await hook.call(exported[moduleId])) ?? null
  }
  const text = JSON.stringify(state)
  if (text.length > maxBytes) {
    throw new Error(`the snapshot is ${text.length} characters, more than the ${maxBytes} allowed`)
  }
  return JSON.parse(text)
}

/** After a reload: each hook that took a snapshot gets it back through `onRestore(state)`. */
async function restore({ snapshot: state }) {
  const exported = api?.modules ?? {}
  if (state && 'plugin' in state && typeof api?.onRestore === 'function') await api.onRestore(state.plugin)
  for (const [moduleId, value] of Object.entries(state?.modules ?? {})) {
    const hook = exported[moduleId]?.onRestore
    if (running.has(moduleId) && typeof hook === 'function') await hook.call(exported[moduleId], value)
  }
  return { restored: true }
}

const methods = {
  load,
  configure,
  health,
  call,
  destroy,
  snapshot,
  restore,
  ping: async () => 'pong',
}

let heardAt = performance.now()
let stoppingSelf = false

process.on('message', async (message) => {
  heardAt = performance.now()
  if (!message || typeof message.id !== 'number') return
  const method = methods[message.method]
  try {
    if (!method) throw new Error(`unknown method "${message.method}"`)
    send({ id: message.id, result: (await method(message.params ?? {})) ?? null })
  } catch (error) {
    send({ id: message.id, error: describe(error) })
  }
})

// The host went away (it exited, crashed or was SIGKILLed): a worker never outlives its host.
process.on('disconnect', () => process.exit(0))

/** The exit code of a worker that stopped itself because its host went silent (EX_TEMPFAIL). */
const WATCH_EXIT_CODE = 75

/**
 * The host is still there but silent (SIGSTOPped, or frozen): its node loses its lease and another
 * node starts this plugin, so the worker stops itself well before that can happen, never two
 * workers of one plugin. onDestroy gets a short deadline, then the process exits regardless.
 */
async function stopSelf(silentMs) {
  stoppingSelf = true
  console.error(
    `[plugboard] the host has not answered for ${Math.round(silentMs)} ms: the worker stops itself`,
  )
  const deadline = new Promise((resolve) => setTimeout(resolve, selfStopMs))
  await Promise.race([destroy().catch(() => {}), deadline])
  process.exit(WATCH_EXIT_CODE)
}

if (watchMs > 0) {
  const timer = setInterval(
    () => {
      if (stoppingSelf || performance.now() - heardAt <= watchMs) return
      // Read what is waiting on the channel first: after the plugin's own code held this event
      // loop for long, the host's beats are queued there, not missing.
      setImmediate(() => {
        const silentMs = performance.now() - heardAt
        if (!stoppingSelf && silentMs > watchMs) void stopSelf(silentMs)
      })
    },
    Math.max(20, Math.floor(watchMs / 10)),
  )
  timer.unref()
}
