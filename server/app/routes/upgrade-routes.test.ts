import { afterEach, describe, expect, test, vi } from 'vitest'
import { STEP, setupTestApp, TEST_ACTOR, WS } from '../app.test-helpers.ts'

afterEach(() => {
  vi.useRealTimers()
})

async function helloWorld(options: Parameters<typeof setupTestApp>[0] = {}) {
  const t = setupTestApp(options)
  const { plugin } = await t.install('acme/hello-world', '1.0.0')
  const id = plugin?.id ?? ''
  const upgrade = async (version: string) => {
    const response = await t.post(`/plugins/${id}/upgrade`, { version })
    const body = await response.json()
    await t.settle()
    return { status: response.status, body, task: body.task ? await t.task(body.task.id) : null }
  }
  const detail = () => t.json(t.get(`/plugins/${id}`))
  const lastEvent = async () => (await t.json(t.get(`/plugins/${id}/events?pageSize=1`))).items[0]
  return { t, id, upgrade, detail, lastEvent }
}

describe('POST /plugins/:id/upgrade', () => {
  test('a version with the same capabilities swaps and ends ready on the new version', async () => {
    const { upgrade, detail, lastEvent } = await helloWorld()
    const { status, task } = await upgrade('1.1.0')
    expect(status).toBe(202)
    expect(task).toMatchObject({
      kind: 'upgrade',
      status: 'success',
      items: [{ version: '1.1.0', params: { fromVersion: '1.0.0' } }],
    })
    expect(await detail()).toMatchObject({
      status: 'ready',
      version: '1.1.0',
      approvedCapabilities: ['messages:read'],
      pendingUpgrade: null,
      runtime: { pid: expect.any(Number) },
    })
    expect(await lastEvent()).toMatchObject({ from: 'ready', to: 'ready', reason: 'upgraded 1.0.0 → 1.1.0' })
  })

  test('a version that adds a capability waits for approval with the diff, worker stopped', async () => {
    const { upgrade, detail, lastEvent } = await helloWorld()
    const { task } = await upgrade('2.0.0')
    expect(task?.status).toBe('success')
    expect(await detail()).toMatchObject({
      status: 'upgrade_pending',
      version: '1.0.0',
      pendingUpgrade: { version: '2.0.0', addedCapabilities: ['messages:write'], removedCapabilities: [] },
      runtime: null,
    })
    expect(await lastEvent()).toMatchObject({ from: 'ready', to: 'upgrade_pending' })
  })

  test('approve swaps to the staged version and records who approved which capabilities', async () => {
    const { t, id, upgrade, detail, lastEvent } = await helloWorld()
    await upgrade('2.0.0')
    const response = await t.post(`/plugins/${id}/upgrade/approve`)
    expect(response.status).toBe(202)
    expect((await response.json()).task.kind).toBe('approve')
    await t.settle()
    expect(await detail()).toMatchObject({
      status: 'ready',
      version: '2.0.0',
      capabilities: ['messages:read', 'messages:write'],
      approvedCapabilities: ['messages:read', 'messages:write'],
      pendingUpgrade: null,
      runtime: { pid: expect.any(Number) },
    })
    expect(await lastEvent()).toMatchObject({
      from: 'upgrade_pending',
      to: 'ready',
      actor: TEST_ACTOR,
      reason: `${TEST_ACTOR} approved messages:write for 2.0.0`,
    })
  })

  test('reject drops the staged version and starts the previous one again', async () => {
    const { t, id, upgrade, detail, lastEvent } = await helloWorld()
    await upgrade('2.0.0')
    const response = await t.post(`/plugins/${id}/upgrade/reject`)
    expect(response.status).toBe(202)
    await t.settle()
    expect(await detail()).toMatchObject({
      status: 'ready',
      version: '1.0.0',
      approvedCapabilities: ['messages:read'],
      pendingUpgrade: null,
      runtime: { pid: expect.any(Number) },
    })
    expect(await lastEvent()).toMatchObject({ to: 'ready', reason: `${TEST_ACTOR} rejected 2.0.0` })
    // The rejected version is gone: a later upgrade to 1.1.0 swaps cleanly.
    expect((await upgrade('1.1.0')).task?.status).toBe('success')
  })

  test('a new version that fails to start rolls back by itself: ready on the old version, item failed', async () => {
    const { upgrade, detail, lastEvent } = await helloWorld({
      script: {
        'acme/hello-world@1.1.0': {
          failAt: 'load',
          code: 'LOAD_FAILED',
          message: 'boom',
          detail: 'boom\nat x',
        },
      },
    })
    const { task } = await upgrade('1.1.0')
    expect(task).toMatchObject({
      status: 'failed',
      items: [{ error: { code: 'LOAD_FAILED', message: 'boom' } }],
    })
    expect(await detail()).toMatchObject({
      status: 'ready',
      version: '1.0.0',
      runtime: { pid: expect.any(Number) },
    })
    expect(await lastEvent()).toMatchObject({
      from: 'ready',
      to: 'ready',
      reason: '1.1.0 failed: boom; rolled back to 1.0.0',
    })
  })

  test('a version that fails to stage changes nothing: the old worker keeps running', async () => {
    const { t, id, upgrade, detail } = await helloWorld({
      script: { 'acme/hello-world@1.1.0': { failAt: 'verify', message: 'checksum mismatch' } },
    })
    const eventsBefore = (await t.json(t.get(`/plugins/${id}/events`))).total
    const { task } = await upgrade('1.1.0')
    expect(task).toMatchObject({
      status: 'failed',
      items: [{ step: 'verify', error: { message: 'checksum mismatch' } }],
    })
    expect(await detail()).toMatchObject({
      status: 'ready',
      version: '1.0.0',
      runtime: { pid: expect.any(Number) },
    })
    expect((await t.json(t.get(`/plugins/${id}/events`))).total).toBe(eventsBefore)
  })

  test('an approved version that fails to start rolls back to the previous one', async () => {
    const { t, id, upgrade, detail } = await helloWorld({
      script: { 'acme/hello-world@2.0.0': { failAt: 'load', code: 'LOAD_FAILED', message: 'v2 broke' } },
    })
    await upgrade('2.0.0')
    const { task } = await t.json(t.post(`/plugins/${id}/upgrade/approve`))
    await t.settle()
    expect(await t.task(task.id)).toMatchObject({
      status: 'failed',
      items: [{ error: { code: 'LOAD_FAILED' } }],
    })
    expect(await detail()).toMatchObject({
      status: 'ready',
      version: '1.0.0',
      approvedCapabilities: ['messages:read'],
      pendingUpgrade: null,
      runtime: { pid: expect.any(Number) },
    })
  })

  test('a cancelled approval goes back to waiting, the staged version kept', async () => {
    const { t, id, upgrade, detail } = await helloWorld()
    await upgrade('2.0.0')
    const { task } = await t.json(t.post(`/plugins/${id}/upgrade/approve`))
    await t.advance(STEP * 1.5)
    await t.post(`/tasks/${task.id}/cancel`)
    await t.settle()
    expect((await t.task(task.id)).status).toBe('cancelled')
    expect(await detail()).toMatchObject({ status: 'upgrade_pending', version: '1.0.0', runtime: null })
    expect(t.deps.runtime.info(WS, id)).toBeNull()
    await t.post(`/plugins/${id}/upgrade/approve`)
    await t.settle()
    expect(await detail()).toMatchObject({ status: 'ready', version: '2.0.0' })
  })

  test.each([
    [{}, 400, 'VALIDATION_FAILED'],
    [{ version: 'latest' }, 400, 'VALIDATION_FAILED'],
    [{ version: '9.0.0' }, 404, 'NOT_FOUND'],
    [{ version: '1.0.0' }, 409, 'CONFLICT'],
  ])('upgrade with %j answers %i %s', async (body, status, code) => {
    const { t, id } = await helloWorld()
    const response = await t.post(`/plugins/${id}/upgrade`, body)
    expect(response.status).toBe(status)
    expect((await response.json()).error.code).toBe(code)
  })

  test('a disabled plugin cannot be upgraded', async () => {
    const { t, id } = await helloWorld()
    await t.post(`/plugins/${id}/disable`)
    await t.settle()
    const response = await t.post(`/plugins/${id}/upgrade`, { version: '1.1.0' })
    expect(await response.json()).toEqual({
      error: {
        code: 'INVALID_TRANSITION',
        message: 'cannot upgrade: plugin is "disabled"',
        details: { from: 'disabled', to: 'upgrade_pending' },
      },
    })
  })
})
