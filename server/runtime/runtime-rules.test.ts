import { mkdir, mkdtemp, readdir, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, test } from 'vitest'
import { HealthTracker } from './health-tracker.ts'
import { pluginPaths, settleStagedVersion, writeState } from './plugin-files.ts'
import { backoffDelay, DEFAULT_HEALTH, DEFAULT_SUPERVISION } from './runtime-options.ts'
import { permissionFlag, workerEnv } from './worker-sandbox.ts'

describe('crash backoff', () => {
  test.each([
    [1, 1_000],
    [2, 2_000],
    [3, 4_000],
    [9, 256_000],
    [10, 300_000],
    [20, 300_000],
  ])('restart %i waits %i ms before jitter, doubling up to 5 minutes', (attempt, base) => {
    expect(backoffDelay(attempt, DEFAULT_SUPERVISION, () => 0.5)).toBe(base)
    expect(backoffDelay(attempt, DEFAULT_SUPERVISION, () => 0)).toBe(base * 0.75)
    expect(backoffDelay(attempt, DEFAULT_SUPERVISION, () => 1)).toBe(base * 1.25)
  })
})

describe('health', () => {
  const check = (status: 'healthy' | 'degraded' | 'unhealthy') => ({
    at: '',
    status,
    message: null,
    durationMs: 1,
  })

  test('three failures in a row ask for a restart, up to three times, then the plugin is failed', () => {
    const tracker = new HealthTracker(DEFAULT_HEALTH)
    tracker.started('healthy')
    const verdicts = Array.from({ length: 12 }, () => tracker.record(check('unhealthy')))
    expect(verdicts.filter(Boolean)).toEqual(['restart', 'restart', 'restart', 'gave-up'])
    expect(tracker.status).toBe('failed')
    expect(tracker.record(check('healthy'))).toBe('recovered')
    expect(tracker.attempts).toBe(0)
    expect(tracker.status).toBe('healthy')
  })

  test('a success between failures starts the count again', () => {
    const tracker = new HealthTracker(DEFAULT_HEALTH)
    tracker.started('healthy')
    for (const status of ['unhealthy', 'unhealthy', 'healthy', 'unhealthy', 'unhealthy'] as const) {
      expect(tracker.record(check(status))).toBeNull()
    }
  })

  test('the last 100 checks are kept', () => {
    const tracker = new HealthTracker(DEFAULT_HEALTH)
    for (let i = 0; i < 130; i++) tracker.record(check('healthy'))
    expect(tracker.history()).toHaveLength(100)
  })
})

describe('the worker sandbox', () => {
  test('the permission flag is spelled the way the running Node accepts', () => {
    expect(permissionFlag(new Set(['--permission', '--experimental-permission']))).toBe('--permission')
    expect(permissionFlag(new Set(['--experimental-permission']))).toBe('--experimental-permission')
    expect(permissionFlag(new Set())).toBeNull()
  })

  test('the environment keeps only allowlisted variables and the plugin ones', () => {
    const env = workerEnv(
      { PATH: '/bin', TZ: 'UTC', AWS_SECRET_ACCESS_KEY: 'x', NODE_OPTIONS: '--require evil' },
      { pluginId: 'a/b', version: '1.0.0', dataDir: '/d' },
      { PLUGBOARD_PLUGIN_MODE: 'test', OTHER: 'no' },
    )
    expect(env).toEqual({
      PATH: '/bin',
      TZ: 'UTC',
      PLUGBOARD_PLUGIN_MODE: 'test',
      PLUGBOARD_PLUGIN_ID: 'a/b',
      PLUGBOARD_PLUGIN_VERSION: '1.0.0',
      PLUGBOARD_PLUGIN_DATA_DIR: '/d',
    })
  })

  test('ids that could leave the plugins folder are refused', () => {
    expect(() => pluginPaths('/root', '..', 'a/b')).toThrow()
    expect(() => pluginPaths('/root', 'ws', '../b')).toThrow()
    expect(() => pluginPaths('/root', 'ws', 'a/b/c')).toThrow()
    expect(pluginPaths('/root', 'ws', 'a/b').dir).toBe('/root/ws/a__b')
  })
})

test('committing a fourth version deletes the oldest: the last 3 versions are kept', async () => {
  const root = await mkdtemp(join(tmpdir(), 'plugboard-files-'))
  try {
    const paths = pluginPaths(root, 'ws', 'a/b')
    for (const v of ['1.0.0', '1.1.0', '1.2.0', '2.0.0'])
      await mkdir(join(paths.versions, v), { recursive: true })
    await writeState(paths, { current: '1.2.0', staged: '2.0.0', previous: ['1.1.0', '1.0.0'] })
    expect((await readdir(paths.versions)).sort()).toEqual(['1.0.0', '1.1.0', '1.2.0', '2.0.0'])
    expect(await settleStagedVersion(paths, 'commit')).toEqual({
      current: '2.0.0',
      staged: null,
      previous: ['1.2.0', '1.1.0'],
    })
    expect((await readdir(paths.versions)).sort()).toEqual(['1.1.0', '1.2.0', '2.0.0'])
  } finally {
    await rm(root, { recursive: true, force: true })
  }
})
