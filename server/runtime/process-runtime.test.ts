import { access } from 'node:fs/promises'
import { afterEach, describe, expect, test } from 'vitest'
import { StepFailure } from '#server/app/ports.ts'
import { eventually, isAlive, makeRuntime, pluginRow, WS } from './runtime.test-helpers.ts'

type Env = Awaited<ReturnType<typeof makeRuntime>>
let env: Env | null = null
const spawned: number[] = []

async function setup(options: Parameters<typeof makeRuntime>[0] = {}): Promise<Env> {
  env = await makeRuntime({
    ...options,
    onEvent: (_ws, _id, event) => {
      if (event.type === 'spawned' && event.pid) spawned.push(event.pid)
    },
  })
  return env
}

afterEach(async () => {
  await env?.dispose()
  env = null
  // Whatever happened in the test, no worker survives it.
  for (const pid of spawned.splice(0)) if (isAlive(pid)) process.kill(pid, 'SIGKILL')
})

async function failureOf(promise: Promise<unknown>): Promise<StepFailure> {
  try {
    await promise
  } catch (error) {
    if (error instanceof StepFailure) return error
    throw error
  }
  throw new Error('expected a StepFailure')
}

describe('loading a plugin', () => {
  test('a healthy plugin loads every module, answers its tools, and its worker is gone after stop', async () => {
    const { runtime, install, steps } = await setup()
    const ctx = await install('plugboard/hello', '1.0.0')
    const result = await runtime.start(ctx)
    expect(result).toEqual({
      health: 'healthy',
      modules: [
        { id: 'greeter', name: 'Greeter', type: 'service', status: 'running', error: null },
        { id: 'clock', name: 'Clock', type: 'background', status: 'running', error: null },
      ],
    })
    expect(steps.map((s) => s.step)).toEqual([
      'download',
      'verify',
      'extract',
      'verify',
      'register',
      'start',
      'load',
    ])
    expect(await runtime.call(WS, ctx.plugin.id, 'greet', { name: 'Ada' })).toEqual({
      message: 'Hello, Ada!',
      version: '1.0.0',
    })
    const info = runtime.info(WS, ctx.plugin.id)
    expect(info).toMatchObject({ restarts: { consecutive: 0, total: 0 }, pendingCalls: 0, lastCrash: null })
    const pid = info?.pid ?? 0
    expect(isAlive(pid)).toBe(true)
    expect(info?.memoryRss).toBeGreaterThan(1_000_000)
    await runtime.stop(ctx)
    expect(isAlive(pid)).toBe(false)
    expect(runtime.info(WS, ctx.plugin.id)).toBeNull()
    expect(runtime.logs(WS, ctx.plugin.id)).toMatch(
      /greeter loaded with greeting Hello[\s\S]*greeter stopped/,
    )
    await runtime.stop(ctx) // stopping a stopped plugin succeeds
  })

  test('a module that throws in onLoad is stopped with its error; the plugin runs degraded', async () => {
    const { runtime, install } = await setup()
    const ctx = await install('plugboard/module-error', '1.0.0')
    const result = await runtime.start(ctx)
    expect(result.health).toBe('degraded')
    expect(result.modules).toEqual([
      { id: 'api', name: 'API', type: 'service', status: 'running', error: null },
      {
        id: 'storage',
        name: 'Storage',
        type: 'service',
        status: 'stopped',
        error: 'Error: storage unavailable: connect ECONNREFUSED 127.0.0.1:5432',
      },
    ])
    expect(runtime.info(WS, ctx.plugin.id)?.pid).toBeGreaterThan(0)
  })

  test('a load that never finishes fails the start with TIMEOUT and the log tail, and the worker is killed', async () => {
    const { runtime, install } = await setup({ timeouts: { loadMs: 300 } })
    const ctx = await install('plugboard/never-loads', '1.0.0')
    const started = Date.now()
    const failure = await failureOf(runtime.start(ctx))
    expect(Date.now() - started).toBeLessThan(2_000)
    expect(failure).toMatchObject({
      step: 'load',
      code: 'TIMEOUT',
      message: 'the plugin did not load within 300 ms',
    })
    expect(failure.detail).toMatch(/waiting for a dependency that never comes/)
    const pid = spawned.at(-1) ?? 0
    expect(pid).toBeGreaterThan(0)
    expect(isAlive(pid)).toBe(false)
    expect(runtime.info(WS, ctx.plugin.id)).toBeNull()
  })

  test('an onDestroy that hangs, with SIGTERM ignored, is ended by SIGKILL after the deadlines', async () => {
    const { runtime, install } = await setup({ timeouts: { destroyMs: 200, killGraceMs: 200 } })
    const ctx = await install('plugboard/hang-on-destroy', '1.0.0')
    await runtime.start(ctx)
    const pid = runtime.info(WS, ctx.plugin.id)?.pid ?? 0
    const started = Date.now()
    await runtime.stop(ctx)
    const took = Date.now() - started
    expect(took).toBeGreaterThanOrEqual(380)
    expect(took).toBeLessThan(2_000)
    expect(isAlive(pid)).toBe(false)
    const log = env?.runtime.logs(WS, ctx.plugin.id) ?? ''
    expect(log).toMatch(/onDestroy did not finish: destroy did not answer within 200 ms/)
    expect(log).toMatch(/SIGTERM ignored[\s\S]*ignored SIGTERM for 200 ms: SIGKILL/)
  })
})

describe('supervision', () => {
  test('a plugin that keeps crashing is restarted with growing delays, then fails after 5 crashes', async () => {
    const { runtime, install, events, failures } = await setup({
      supervision: {
        backoffInitialMs: 60,
        backoffMaxMs: 10_000,
        backoffJitter: 0.25,
        maxConsecutiveCrashes: 5,
      },
    })
    const ctx = await install('plugboard/crashy', '1.0.0', { worker: { crashAfterMs: 30, exitCode: 7 } })
    await runtime.start(ctx)
    await eventually(() => failures.length > 0, 10_000)
    const mine = events.filter((e) => e.pluginId === ctx.plugin.id).map((e) => e.event)
    const delays = mine.flatMap((e) => (e.type === 'restart-scheduled' ? [e.delayMs] : []))
    expect(delays).toHaveLength(4)
    for (let i = 1; i < delays.length; i++) expect(delays[i]).toBeGreaterThan(delays[i - 1] ?? 0)
    expect(mine.filter((e) => e.type === 'crash')).toHaveLength(5)
    expect(failures[0]?.pluginId).toBe(ctx.plugin.id)
    expect(failures[0]?.reason).toMatch(
      /^crashed 5 times in a row; last: the worker exited unexpectedly \(exit code 7\)/,
    )
    expect(failures[0]?.reason).toMatch(/fatal: giving up after 30 ms \(exit 7\)/)
    const info = runtime.info(WS, ctx.plugin.id)
    expect(info).toMatchObject({ pid: null, restarts: { consecutive: 5, total: 5 }, nextRestartAt: null })
    expect(info?.lastCrash).toMatch(/exit code 7/)
    // Not restarted again until someone acts.
    await new Promise((resolve) => setTimeout(resolve, 300))
    expect(mine.length).toBe(events.filter((e) => e.pluginId === ctx.plugin.id).length)
  })

  test('an unhealthy plugin is restarted, attempts grow, and they reset once it recovers', async () => {
    const { runtime, install, events, pluginDir } = await setup({
      health: {
        intervalMs: 40,
        timeoutMs: 500,
        failureThreshold: 2,
        restartBackoffMs: 20,
        maxRestartAttempts: 3,
      },
      caps: { healthIntervalMs: 40 },
    })
    const ctx = await install('plugboard/flaky-health', '1.0.0', { probe: { flipEvery: 0 } })
    await runtime.start(ctx)
    const marker = `${pluginDir('plugboard/flaky-health')}/data/unhealthy`
    const { writeFile, rm } = await import('node:fs/promises')
    const healthRestarts = () =>
      events.flatMap((e) =>
        e.pluginId === ctx.plugin.id && e.event.type === 'health-restart' ? [e.event.attempt] : [],
      )
    await writeFile(marker, 'yes')
    await eventually(() => healthRestarts().length >= 2, 8_000)
    expect(healthRestarts().slice(0, 2)).toEqual([1, 2])
    await rm(marker)
    await eventually(() => runtime.healthHistory(WS, ctx.plugin.id).at(-1)?.status === 'healthy', 8_000)
    const healthEvents = events.flatMap((e) =>
      e.pluginId === ctx.plugin.id && e.event.type === 'health' ? [e.event.status] : [],
    )
    expect(healthEvents).toContain('recovering')
    await eventually(() => healthEvents.length > 0 && runtime.info(WS, ctx.plugin.id)?.pid != null)
    const before = healthRestarts().length
    await writeFile(marker, 'again')
    await eventually(() => healthRestarts().length > before, 8_000)
    expect(healthRestarts()[before]).toBe(1) // attempts were reset by the recovery
    const history = runtime.healthHistory(WS, ctx.plugin.id)
    expect(history.length).toBeGreaterThan(4)
    expect(
      history.some((h) => h.status === 'unhealthy' && h.message === 'forced unhealthy by the data directory'),
    ).toBe(true)
  })
})

describe('isolation', () => {
  test('a plugin sees only the allowlisted environment, never a host secret', async () => {
    process.env.PLUGBOARD_TEST_SECRET = 's3cret'
    process.env.DATABASE_URL = 'postgres://admin:hunter2@db/prod'
    try {
      const { runtime, install } = await setup({ hostEnv: process.env })
      const ctx = await install('plugboard/sandbox-probe', '1.0.0')
      await runtime.start(ctx)
      const seen = (await runtime.call(WS, ctx.plugin.id, 'env')) as Record<string, string>
      expect(Object.values(seen)).not.toContain('s3cret')
      expect(JSON.stringify(seen)).not.toMatch(/hunter2/)
      expect(Object.keys(seen).sort()).toEqual(
        expect.arrayContaining([
          'PLUGBOARD_PLUGIN_DATA_DIR',
          'PLUGBOARD_PLUGIN_ID',
          'PLUGBOARD_PLUGIN_VERSION',
        ]),
      )
      const allowed = /^(PATH|NODE_ENV|TZ|LANG|PLUGBOARD_PLUGIN_.+)$/
      expect(Object.keys(seen).filter((key) => !allowed.test(key))).toEqual([])
      expect(seen.PLUGBOARD_PLUGIN_ID).toBe('plugboard/sandbox-probe')
    } finally {
      delete process.env.PLUGBOARD_TEST_SECRET
      delete process.env.DATABASE_URL
    }
  })

  test('a plugin reads its own files and writes its data, and cannot touch anything else', async () => {
    const { runtime, install, pluginDir, dataDir } = await setup()
    const ctx = await install('plugboard/sandbox-probe', '1.0.0')
    const other = await install('plugboard/hello', '1.0.0')
    await runtime.start(ctx)
    const probe = (tool: string, params: object) => runtime.call(WS, ctx.plugin.id, tool, params)
    const own = pluginDir('plugboard/sandbox-probe')
    expect(await probe('readFile', { path: `${own}/versions/1.0.0/plugin.json` })).toMatchObject({ ok: true })
    expect(await probe('writeFile', { path: `${own}/data/note.txt` })).toMatchObject({ ok: true })
    expect(await probe('readFile', { path: `${own}/data/note.txt` })).toEqual({ ok: true, value: 'probe' })
    for (const path of [
      '/etc/passwd',
      `${pluginDir('plugboard/hello')}/versions/1.0.0/plugin.json`,
      `${own}/state.json`,
    ]) {
      expect(await probe('readFile', { path })).toMatchObject({ ok: false, code: 'ERR_ACCESS_DENIED' })
    }
    for (const path of [`${own}/versions/1.0.0/index.mjs`, `${dataDir}/evil.txt`, '/tmp/evil.txt']) {
      expect(await probe('writeFile', { path })).toMatchObject({ ok: false, code: 'ERR_ACCESS_DENIED' })
    }
    expect(other.plugin.id).not.toBe(ctx.plugin.id)
  })
})

describe('packages on disk', () => {
  test('a broken manifest fails the install with PACKAGE_INVALID listing every problem, leaving nothing', async () => {
    const { runtime, catalog, ctx, pluginDir } = await setup()
    const pkg = await catalog.resolve('plugboard/broken-manifest', '1.0.0')
    if (!pkg) throw new Error('missing from the catalog')
    const failure = await failureOf(runtime.install(ctx(pluginRow(pkg.pluginId, pkg.version)), pkg))
    expect(failure).toMatchObject({ step: 'verify', code: 'PACKAGE_INVALID' })
    expect(failure.detail?.split('\n')).toEqual([
      'name: Too small: expected string to have >=1 characters',
      'version: must be a semantic version like 1.2.3',
      'author: Invalid input: expected string, received undefined',
      'categories: Invalid input: expected array, received string',
      'modules[0].id: must be 1–64 lowercase letters, digits or -',
      'modules[0].type: Invalid input: expected string, received undefined',
      'main: must not contain ".."',
      'timeouts.loadMs: Too big: expected number to be <=120000',
    ])
    await expect(access(pluginDir('plugboard/broken-manifest'))).rejects.toThrow()
  })

  test('stage + settle: commit swaps, discard drops, rollback restores; 3 versions are kept', async () => {
    const { runtime, catalog, install, pluginDir } = await setup()
    const ctx = await install('plugboard/hello', '1.0.0')
    const { readdir, readFile } = await import('node:fs/promises')
    const dir = pluginDir('plugboard/hello')
    const state = async () => JSON.parse(await readFile(`${dir}/state.json`, 'utf8'))
    const versions = async () => (await readdir(`${dir}/versions`)).sort()
    const pkg = async (version: string) => {
      const found = await catalog.resolve('plugboard/hello', version)
      if (!found) throw new Error(version)
      return found
    }
    await runtime.start(ctx)
    await runtime.stage(ctx, await pkg('1.1.0'))
    expect(await state()).toEqual({ current: '1.0.0', staged: '1.1.0', previous: [] })
    expect(await runtime.call(WS, ctx.plugin.id, 'greet')).toMatchObject({ version: '1.0.0' })
    await runtime.settleStaged(ctx, 'commit')
    await runtime.start(ctx)
    expect(await runtime.call(WS, ctx.plugin.id, 'greet')).toMatchObject({ version: '1.1.0' })
    await runtime.stage(ctx, await pkg('2.0.0'))
    await runtime.settleStaged(ctx, 'discard')
    expect(await state()).toEqual({ current: '1.1.0', staged: null, previous: ['1.0.0'] })
    expect(await versions()).toEqual(['1.0.0', '1.1.0'])
    await runtime.stage(ctx, await pkg('2.0.0'))
    await runtime.settleStaged(ctx, 'commit')
    expect(await state()).toEqual({ current: '2.0.0', staged: null, previous: ['1.1.0', '1.0.0'] })
    expect(await versions()).toEqual(['1.0.0', '1.1.0', '2.0.0'])
    await runtime.rollback(ctx)
    expect(await state()).toEqual({ current: '1.1.0', staged: '2.0.0', previous: ['1.0.0'] })
    await runtime.settleStaged(ctx, 'discard')
    expect(await versions()).toEqual(['1.0.0', '1.1.0'])
    await runtime.remove(ctx, { purge: false })
    expect(await readdir(dir)).toEqual(expect.arrayContaining(['data', 'worker.log']))
    expect(await readdir(dir)).not.toContain('versions')
    await runtime.remove(ctx, { purge: true })
    await expect(access(dir)).rejects.toThrow()
  })

  test('stopAll stops every worker, the last started first', async () => {
    const { runtime, install, dataDir } = await setup()
    const first = await install('plugboard/hello', '1.0.0')
    const second = await install('plugboard/module-error', '1.0.0')
    await runtime.start(first)
    await runtime.start(second)
    const pids = [runtime.info(WS, first.plugin.id)?.pid ?? 0, runtime.info(WS, second.plugin.id)?.pid ?? 0]
    await runtime.stopAll()
    expect(pids.map(isAlive)).toEqual([false, false])
    const { readFile } = await import('node:fs/promises')
    const stoppedAt = async (ref: string) => {
      const log = await readFile(`${dataDir}/plugins/${WS}/${ref.replace('/', '__')}/worker.log`, 'utf8')
      return log.match(/\[plugboard (\S+)\] worker \d+ stopped/)?.[1] ?? ''
    }
    expect((await stoppedAt('plugboard/module-error')) <= (await stoppedAt('plugboard/hello'))).toBe(true)
  })
})
