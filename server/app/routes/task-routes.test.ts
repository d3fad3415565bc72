import { afterEach, describe, expect, test, vi } from 'vitest'
import type { Task } from '#core/api/task-schemas.ts'
import { STEP, setupTestApp, type TestApp } from '../app.test-helpers.ts'

afterEach(() => {
  vi.useRealTimers()
  vi.restoreAllMocks()
})

const installBody = (pluginId: string, version: string) => ({
  items: [{ source: 'marketplace', pluginId, version }],
})

/** Two finished tasks (one success, one failed) and one still running. */
async function mixedTasks(t: TestApp) {
  const done = (await t.install('acme/hello-world', '1.0.0')).task
  await t.advance(1000)
  const failed = (await t.install('acme/broken-loader', '1.0.0')).task
  await t.advance(1000)
  const { task: running } = await t.json(t.post('/installs', installBody('acme/slow-sync', '1.0.0')))
  await t.advance(STEP)
  return { done, failed, running: running as Task }
}

const idsOf = (list: { items: Task[] }) => list.items.map((task) => task.id)

describe('GET /tasks', () => {
  test('lists tasks newest first with the workspace activeCount, filtered by status', async () => {
    const t = setupTestApp()
    const { done, failed, running } = await mixedTasks(t)
    const list = await t.json(t.get('/tasks'))
    expect(idsOf(list)).toEqual([running.id, failed.id, done.id])
    expect(list).toMatchObject({ total: 3, page: 1, pageSize: 50, activeCount: 1 })
    expect(idsOf(await t.json(t.get('/tasks?status=active')))).toEqual([running.id])
    expect(idsOf(await t.json(t.get('/tasks?status=terminal')))).toEqual([failed.id, done.id])
    expect(idsOf(await t.json(t.get('/tasks?status=failed')))).toEqual([failed.id])
    const page = await t.json(t.get('/tasks?page=2&pageSize=2'))
    expect(page).toMatchObject({ total: 3, activeCount: 1 })
    expect(idsOf(page)).toEqual([done.id])
  })

  test("a list carries each failed item's message, its full text only the task's own answer", async () => {
    const t = setupTestApp()
    const { done, failed } = await mixedTasks(t)
    const list = await t.json(t.get('/tasks'))
    const listed = list.items.find((task: Task) => task.id === failed.id)
    const whole = await t.task(failed.id)
    const error = whole.items[0]?.error
    expect(error?.detail).toMatch(/worker log/)
    expect(listed.items[0].error).toEqual({ code: error?.code, message: error?.message, hasDetail: true })
    expect(JSON.stringify(list)).not.toMatch(/worker log/)
    expect(list.items.find((task: Task) => task.id === done.id).items[0].error).toBeNull()
  })

  test('a bad status answers 400', async () => {
    const t = setupTestApp()
    const response = await t.get('/tasks?status=done')
    expect(response.status).toBe(400)
    expect((await response.json()).error.details[0]).toMatch(/^status: /)
  })

  test('GET /tasks/:taskId answers one task, 404 when unknown', async () => {
    const t = setupTestApp()
    const { running } = await mixedTasks(t)
    expect(await t.task(running.id)).toMatchObject({
      id: running.id,
      status: 'running',
      items: [{ step: 'download' }],
    })
    const response = await t.get('/tasks/nope')
    expect(response.status).toBe(404)
    expect(await response.json()).toEqual({ error: { code: 'NOT_FOUND', message: 'unknown task nope' } })
  })
})

describe('POST /tasks/:taskId/cancel', () => {
  test('a terminal task answers 409 CONFLICT; an unknown one 404', async () => {
    const t = setupTestApp()
    const { done } = await mixedTasks(t)
    const response = await t.post(`/tasks/${done.id}/cancel`)
    expect(response.status).toBe(409)
    expect((await response.json()).error).toMatchObject({
      code: 'CONFLICT',
      message: 'the task is already success',
    })
    expect((await t.post('/tasks/nope/cancel')).status).toBe(404)
  })

  test('a cancelled disable leaves the plugin ready and running', async () => {
    const t = setupTestApp()
    const { plugin } = await t.install('acme/hello-world', '1.0.0')
    const { task } = await t.json(t.post(`/plugins/${plugin?.id}/disable`))
    await t.advance(STEP / 2)
    await t.post(`/tasks/${task.id}/cancel`)
    await t.settle()
    expect(await t.task(task.id)).toMatchObject({ status: 'cancelled', items: [{ status: 'cancelled' }] })
    expect(await t.json(t.get(`/plugins/${plugin?.id}`))).toMatchObject({
      status: 'ready',
      runtime: { pid: expect.any(Number) },
    })
  })
})

describe('compare-and-set while a task runs', () => {
  test('a plugin changed by someone else meanwhile: the item fails with CONFLICT, the other write stands', async () => {
    const t = setupTestApp()
    const { plugin } = await t.install('acme/hello-world', '1.0.0')
    const { task } = await t.json(t.post(`/plugins/${plugin?.id}/disable`))
    await t.advance(STEP / 2)
    const other = {
      from: 'ready' as const,
      to: 'error' as const,
      actor: 'supervisor',
      reason: 'crashed',
      at: new Date(),
    }
    expect(await t.deps.store.transitionPlugin('ws-test', plugin?.id ?? '', other)).not.toBeNull()
    await t.settle()
    expect(await t.task(task.id)).toMatchObject({
      status: 'failed',
      items: [{ error: { code: 'CONFLICT' } }],
    })
    expect(await t.plugin('acme/hello-world')).toMatchObject({ status: 'error', activeTaskId: null })
  })
})

describe('clearing tasks', () => {
  test('DELETE clears one terminal task (204), refuses an active one (409), 404 when unknown', async () => {
    const t = setupTestApp()
    const { done, running } = await mixedTasks(t)
    const active = await t.del(`/tasks/${running.id}`)
    expect(active.status).toBe(409)
    expect(await active.json()).toEqual({
      error: {
        code: 'CONFLICT',
        message: 'an active task cannot be cleared',
        details: { taskId: running.id },
      },
    })
    const cleared = await t.del(`/tasks/${done.id}`)
    expect(cleared.status).toBe(204)
    expect(await cleared.text()).toBe('')
    expect((await t.get(`/tasks/${done.id}`)).status).toBe(404)
    expect((await t.del(`/tasks/${done.id}`)).status).toBe(404)
  })

  test('POST /tasks/clear clears every terminal task and never an active one', async () => {
    const t = setupTestApp()
    const { running } = await mixedTasks(t)
    const response = await t.post('/tasks/clear')
    expect(response.status).toBe(200)
    expect(await response.json()).toEqual({ cleared: 2 })
    expect(idsOf(await t.json(t.get('/tasks')))).toEqual([running.id])
    await t.settle()
    expect(await t.json(t.post('/tasks/clear'))).toEqual({ cleared: 1 })
    expect((await t.json(t.get('/tasks'))).total).toBe(0)
  })
})

describe('the rest of /api', () => {
  test('GET /api/health answers ok', async () => {
    const t = setupTestApp()
    const response = await t.app.request('/api/health')
    expect(response.status).toBe(200)
    expect(await response.json()).toEqual({ status: 'ok' })
  })

  test.each(['/api/nothing', '/api/workspaces/default/nothing', '/api/workspaces/bad%20id/plugins'])(
    '%s answers 404 JSON',
    async (path) => {
      const t = setupTestApp()
      const response = await t.app.request(path)
      expect(response.status).toBe(404)
      expect(response.headers.get('content-type')).toMatch(/application\/json/)
      expect((await response.json()).error.code).toBe('NOT_FOUND')
    },
  )

  test('an unexpected error answers 500 INTERNAL without its internals', async () => {
    const t = setupTestApp()
    const logged = vi.spyOn(console, 'error').mockImplementation(() => {})
    t.deps.store.listTasks = async () => {
      throw new Error('connection string postgres://secret@db')
    }
    const response = await t.get('/tasks')
    expect(response.status).toBe(500)
    const body = await response.text()
    expect(JSON.parse(body)).toEqual({
      error: { code: 'INTERNAL', message: 'something went wrong on our side' },
    })
    expect(body).not.toContain('secret')
    expect(logged).toHaveBeenCalled()
  })
})

describe('polling the lists', () => {
  const poll = (t: TestApp, path: string, etag: string) =>
    t.app.request(`${t.base}${path}`, { headers: { 'If-None-Match': etag } })

  test('an unchanged task list answers 304 with no body, a changed one 200 with a new ETag', async () => {
    const t = setupTestApp()
    const { running } = await mixedTasks(t)
    const first = await t.get('/tasks')
    const etag = first.headers.get('ETag') as string
    expect(etag).toMatch(/^W\/".+"$/)
    expect(first.headers.get('Cache-Control')).toContain('no-cache')
    const again = await poll(t, '/tasks', etag)
    expect(again.status).toBe(304)
    expect(await again.text()).toBe('')
    await t.settle()
    expect((await t.task(running.id)).status).toBe('success')
    const changed = await poll(t, '/tasks', etag)
    expect(changed.status).toBe(200)
    expect(changed.headers.get('ETag')).not.toBe(etag)
  })

  test('the plugin list answers 304 until a plugin changes, and its rows carry the first line of an error', async () => {
    const t = setupTestApp()
    await mixedTasks(t)
    await t.settle()
    const first = await t.get('/plugins')
    const etag = first.headers.get('ETag') as string
    expect((await poll(t, '/plugins', etag)).status).toBe(304)
    const broken = (await first.json()).items.find((p: { lastError: string | null }) => p.lastError)
    if (broken) expect(broken.lastError).not.toContain('\n')
    const hello = await t.plugin('acme/hello-world')
    await t.post(`/plugins/${hello?.id}/disable`)
    await t.settle()
    expect((await poll(t, '/plugins', etag)).status).toBe(200)
  })
})
