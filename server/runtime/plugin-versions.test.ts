import { access, readdir, readFile } from 'node:fs/promises'
import { describe, expect, test } from 'vitest'
import { failureOf, isAlive, pluginRow, runtimeFixture, WS } from './runtime.test-helpers.ts'

const { setup } = runtimeFixture()

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
    const stoppedAt = async (ref: string) => {
      const log = await readFile(`${dataDir}/plugins/${WS}/${ref.replace('/', '__')}/worker.log`, 'utf8')
      return log.match(/\[plugboard (\S+)\] worker \d+ stopped/)?.[1] ?? ''
    }
    expect((await stoppedAt('plugboard/module-error')) <= (await stoppedAt('plugboard/hello'))).toBe(true)
  })
})
