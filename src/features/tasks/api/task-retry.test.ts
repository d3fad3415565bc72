import { describe, expect, test } from 'vitest'
import { ApiRequestError } from '#src/lib/api-client.ts'
import { makeItem, makeTask } from '#src/test/fixtures.ts'
import { fallbackRetryFor, retryRequestFor } from './task-retry.ts'

describe('retry re-posts the same operation', () => {
  test('an install retries only the items that did not succeed', () => {
    const task = makeTask('t1', [makeItem('a', 'success'), makeItem('b', 'failed', { version: '2.0.0' })])
    expect(retryRequestFor('default', task)).toEqual({
      path: '/api/workspaces/default/installs',
      options: {
        method: 'POST',
        body: { items: [{ source: 'marketplace', pluginId: 'acme/b', version: '2.0.0' }] },
      },
    })
  })

  test.each([
    ['enable', '/api/workspaces/default/plugins/p-a/enable'],
    ['restart', '/api/workspaces/default/plugins/p-a/restart'],
    ['approve', '/api/workspaces/default/plugins/p-a/upgrade/approve'],
  ] as const)('%s posts to %s', (kind, path) => {
    const request = retryRequestFor('default', makeTask('t1', [makeItem('a', 'failed')], { kind }))
    expect(request).toEqual({ path, options: { method: 'POST' } })
  })

  test('an uninstall keeps its purge choice', () => {
    const task = makeTask('t1', [makeItem('a', 'failed', { params: { purge: true } })], { kind: 'uninstall' })
    expect(retryRequestFor('default', task)?.path).toBe('/api/workspaces/default/plugins/p-a?purge=true')
  })

  test('an upload install cannot be retried (the package is not kept)', () => {
    const task = makeTask('t1', [makeItem('a', 'failed', { version: null })])
    expect(retryRequestFor('default', task)).toBeNull()
  })

  test('a package that was refused would be refused again: no retry', () => {
    const error = { code: 'PACKAGE_INVALID', message: 'plugin.json is invalid', detail: null }
    const task = makeTask('t1', [makeItem('a', 'failed', { error })])
    expect(retryRequestFor('default', task)).toBeNull()
  })

  test('a task with nothing failed has nothing to retry', () => {
    expect(retryRequestFor('default', makeTask('t1', [makeItem('a', 'success')]))).toBeNull()
  })
})

describe('an install that failed at load leaves the plugin in error', () => {
  const task = makeTask('t1', [makeItem('a', 'failed')])
  const refused = (from: string) =>
    new ApiRequestError('INVALID_TRANSITION', 'cannot install', 409, { from, to: 'installed' })

  test('so its retry enables the plugin instead', () => {
    expect(fallbackRetryFor('default', task, refused('error'))).toEqual({
      path: '/api/workspaces/default/plugins/p-a/enable',
      options: { method: 'POST' },
    })
  })

  test('other refusals stay refusals', () => {
    expect(fallbackRetryFor('default', task, refused('ready'))).toBeNull()
    expect(fallbackRetryFor('default', task, new ApiRequestError('CONFLICT', 'x', 409))).toBeNull()
    expect(
      fallbackRetryFor(
        'default',
        makeTask('t2', [makeItem('a', 'failed')], { kind: 'enable' }),
        refused('error'),
      ),
    ).toBeNull()
  })
})
