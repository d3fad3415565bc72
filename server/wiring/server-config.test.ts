import { resolve } from 'node:path'
import { expect, test } from 'vitest'
import { loadConfig } from './server-config.ts'

test('with nothing set: port 8080 on every interface, PGlite in ./data, info logs', () => {
  expect(loadConfig({})).toMatchObject({
    port: 8080,
    host: '0.0.0.0',
    dataDir: resolve('data'),
    databaseUrl: undefined,
    logLevel: 'info',
    runtime: 'process',
    catalogDir: resolve('catalog'),
    restartBackoffMs: 1_000,
    stepMs: 500,
    skipBuild: false,
    devMode: false,
    shutdownMs: 10_000,
    maxJsonBytes: 1024 * 1024,
    distDir: resolve('dist'),
  })
})

test('the environment overrides each default', () => {
  const config = loadConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    DATA_DIR: '/tmp/pb',
    DATABASE_URL: 'postgres://u@h/db',
    LOG_LEVEL: 'WARN',
    PLUGBOARD_STEP_MS: '10',
    PLUGBOARD_SKIP_BUILD: '1',
    PLUGBOARD_RUNTIME: 'simulated',
    PLUGBOARD_CATALOG_DIR: '/tmp/catalog',
    PLUGBOARD_RESTART_BACKOFF_MS: '50',
    PLUGBOARD_MAX_JSON_BYTES: '2048',
    PLUGBOARD_DEV_MODE: '1',
  })
  expect(config).toMatchObject({
    port: 0,
    host: '127.0.0.1',
    dataDir: '/tmp/pb',
    databaseUrl: 'postgres://u@h/db',
    logLevel: 'warn',
    stepMs: 10,
    skipBuild: true,
    runtime: 'simulated',
    catalogDir: '/tmp/catalog',
    restartBackoffMs: 50,
    maxJsonBytes: 2048,
    devMode: true,
  })
})

test('a bad value stops the start with a message naming the variable', () => {
  expect(() => loadConfig({ PORT: 'eighty' })).toThrow(/PORT must be a whole number/)
  expect(() => loadConfig({ LOG_LEVEL: 'loud' })).toThrow(/LOG_LEVEL must be one of/)
  expect(() => loadConfig({ PLUGBOARD_RUNTIME: 'vm' })).toThrow(/PLUGBOARD_RUNTIME must be one of/)
})

test('cluster settings: a node id from the host and port by default, a lease with room for missed beats', () => {
  expect(loadConfig({ PORT: '9000' }).cluster).toMatchObject({
    nodeId: expect.stringMatching(/:9000$/),
    address: null,
    leaseMs: 20_000,
    heartbeatMs: 5_000,
    graceMs: 10_000,
  })
  expect(
    loadConfig({
      NODE_ID: 'node-a',
      PLUGBOARD_NODE_ADDRESS: 'http://10.0.0.1:8080',
      PLUGBOARD_LEASE_MS: '3000',
      PLUGBOARD_HEARTBEAT_MS: '1000',
      PLUGBOARD_LEASE_GRACE_MS: '500',
    }).cluster,
  ).toEqual({
    nodeId: 'node-a',
    address: 'http://10.0.0.1:8080',
    leaseMs: 3_000,
    heartbeatMs: 1_000,
    graceMs: 500,
  })
  expect(() => loadConfig({ PLUGBOARD_LEASE_MS: '2000', PLUGBOARD_HEARTBEAT_MS: '1000' })).toThrow(/third/)
})
