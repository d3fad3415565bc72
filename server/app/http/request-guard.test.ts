import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest'
import { ErrorBodySchema } from '#core/api/common-schemas.ts'
import { createMemoryDeps } from '#mocks/memory-deps.ts'
import { setupTestApp, type TestApp, WS } from '#server/app/app.test-helpers.ts'
import { createApp } from '#server/app/create-app.ts'
import { appState } from './app-state.test-helpers.ts'

let t: TestApp
beforeEach(async () => {
  t = setupTestApp()
  // The first request waits for the seeded owner, so snapshots start from a seeded workspace.
  expect((await t.get('/settings')).status).toBe(200)
})
afterEach(() => {
  vi.useRealTimers()
})

/** The answer's status and error code, after checking it has the one error shape. */
async function refusal(response: Response | Promise<Response>) {
  const answer = await response
  const body = ErrorBodySchema.parse(await answer.json())
  return { status: answer.status, code: body.error.code, details: body.error.details }
}

const raw = (path: string, init: RequestInit) => t.app.request(path, init)
const jsonPost = (path: string, text: string, method = 'POST') =>
  raw(path, { method, body: text, headers: { 'content-type': 'application/json' } })

describe('text the server cannot store is refused before anything runs', () => {
  test('a NUL or a malformed UTF-8 sequence in a path id names nothing (404)', async () => {
    await t.install('acme/hello-world', '1.0.0')
    const before = await appState(t.deps, WS)
    for (const [method, path] of [
      ['GET', '/plugins/%00'],
      ['GET', '/plugins/a%00b/events'],
      ['POST', '/plugins/%00/enable'],
      ['DELETE', '/plugins/%00'],
      ['GET', '/tasks/%ED%A0%80'],
      ['POST', '/tasks/%C0%80/cancel'],
      ['PATCH', '/members/%00'],
    ] as const) {
      expect(await refusal(raw(`${t.base}${path}`, { method })), `${method} ${path}`).toMatchObject({
        status: 404,
        code: 'NOT_FOUND',
      })
    }
    expect(await refusal(raw('/api/workspaces/ws%00/plugins', { method: 'GET' }))).toMatchObject({
      status: 404,
    })
    expect(await appState(t.deps, WS)).toEqual(before)
  })

  test('a NUL or malformed UTF-8 in a query answers 400 naming the parameter', async () => {
    expect(await refusal(t.get('/plugins?q=a%00b'))).toEqual({
      status: 400,
      code: 'VALIDATION_FAILED',
      details: ['q: must not contain NUL characters'],
    })
    expect(await refusal(t.get('/audit?actor=%00'))).toMatchObject({
      status: 400,
      details: ['actor: must not contain NUL characters'],
    })
    expect(await refusal(t.get('/tasks?status=%ED%A0%80'))).toMatchObject({
      status: 400,
      details: ['status: is not well-formed percent-encoded UTF-8'],
    })
    expect((await t.get('/plugins?q=caf%C3%A9%20%F0%9F%94%8C')).status).toBe(200)
  })

  test('a NUL in a JSON body answers 400 and creates no workspace', async () => {
    const before = await appState(t.deps, WS)
    const answer = await refusal(jsonPost('/api/workspaces', '{"name":"a\\u0000b"}'))
    expect(answer).toEqual({
      status: 400,
      code: 'VALIDATION_FAILED',
      details: ['name: must not contain NUL characters'],
    })
    expect(await appState(t.deps, WS)).toEqual(before)
  })

  test('an unpaired surrogate answers 400: no workspace, no settings change, no audit entry', async () => {
    const before = await appState(t.deps, WS)
    expect(await refusal(jsonPost('/api/workspaces', '{"name":"lone \\ud800"}'))).toMatchObject({
      status: 400,
      details: ['name: must not contain unpaired UTF-16 surrogates'],
    })
    expect(await refusal(jsonPost(`${t.base}/settings`, '{"name":"x\\udc00y"}', 'PATCH'))).toMatchObject({
      status: 400,
      code: 'VALIDATION_FAILED',
    })
    expect(await refusal(jsonPost(`${t.base}/settings`, '{"na\\u0000me":"x"}', 'PATCH'))).toMatchObject({
      status: 400,
      details: ['na\uFFFDme: the field name must not contain NUL characters'],
    })
    expect(await appState(t.deps, WS)).toEqual(before)
    // A surrogate pair (an emoji) is ordinary text.
    expect((await jsonPost('/api/workspaces', '{"name":"plugs \\ud83d\\udd0c"}')).status).toBe(201)
  })

  test('bytes that are not UTF-8, and nesting deeper than any request needs, answer 400', async () => {
    const latin1 = new Uint8Array([...new TextEncoder().encode('{"name":"caf'), 0xe9, 0x22, 0x7d])
    expect(
      await refusal(
        raw('/api/workspaces', {
          method: 'POST',
          body: latin1,
          headers: { 'content-type': 'application/json' },
        }),
      ),
    ).toMatchObject({ status: 400, details: ['(root): malformed UTF-8'] })
    const deep = `${'['.repeat(200)}${']'.repeat(200)}`
    expect(await refusal(jsonPost('/api/workspaces', deep))).toMatchObject({ status: 400 })
  })
})

describe('bodies are JSON, within the cap, and hold only known fields', () => {
  test('a JSON body sent as text/plain, as a form, or with no type answers 415', async () => {
    const before = await appState(t.deps, WS)
    const body = '{"name":"Sneaky"}'
    for (const type of [
      'text/plain',
      'application/x-www-form-urlencoded',
      'application/json; charset=latin1',
    ]) {
      expect(
        await refusal(raw('/api/workspaces', { method: 'POST', body, headers: { 'content-type': type } })),
        type,
      ).toMatchObject({ status: 415, code: 'UNSUPPORTED_MEDIA_TYPE' })
    }
    // Bytes carry no type of their own: the request has no Content-Type at all.
    const untyped = raw('/api/workspaces', { method: 'POST', body: new TextEncoder().encode(body) })
    expect(await refusal(untyped)).toMatchObject({ status: 415 })
    expect(await appState(t.deps, WS)).toEqual(before)
    const typed = { 'content-type': 'application/json; charset=UTF-8' }
    expect((await raw('/api/workspaces', { method: 'POST', body, headers: typed })).status).toBe(201)
  })

  test('a body over the cap answers 413 from its Content-Length, before it is read', async () => {
    const big = JSON.stringify({ name: 'x', padding: 'y'.repeat(2 * 1024 * 1024) })
    const before = await appState(t.deps, WS)
    const answer = await raw('/api/workspaces', {
      method: 'POST',
      body: big,
      headers: { 'content-type': 'application/json', 'content-length': String(big.length) },
    })
    expect(await refusal(answer)).toMatchObject({ status: 413, code: 'PAYLOAD_TOO_LARGE' })
    expect(await appState(t.deps, WS)).toEqual(before)
  })

  test('a body of unknown length is counted while read and stopped at the cap', async () => {
    let pulled = 0
    const chunk = new Uint8Array(64 * 1024).fill(0x20)
    // A 16 MiB body sent without a length: the guard must stop pulling soon after the 1 MiB cap.
    const endless = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (pulled >= 16 * 1024 * 1024) return controller.close()
        pulled += chunk.byteLength
        controller.enqueue(chunk)
      },
    })
    const answer = await raw('/api/workspaces', {
      method: 'POST',
      body: endless,
      headers: { 'content-type': 'application/json' },
      duplex: 'half',
    } as RequestInit)
    expect(await refusal(answer)).toMatchObject({ status: 413 })
    expect(pulled).toBeLessThanOrEqual(1024 * 1024 + 3 * chunk.byteLength)
  })

  test('the cap is configurable', async () => {
    const app = createApp({ ...createMemoryDeps({ stepMs: 0 }), maxJsonBytes: 64 })
    const body = JSON.stringify({ name: 'n'.repeat(100) })
    const answer = await app.request('/api/workspaces', {
      method: 'POST',
      body,
      headers: { 'content-type': 'application/json' },
    })
    expect(await refusal(answer)).toMatchObject({ status: 413, details: { limit: 64 } })
  })

  test('an unknown field is refused, even a large one, and nothing is written', async () => {
    const before = await appState(t.deps, WS)
    expect(await refusal(t.post('/installs', { items: [], extra: true }))).toMatchObject({
      status: 400,
      code: 'VALIDATION_FAILED',
    })
    const extra = await refusal(jsonPost('/api/workspaces', JSON.stringify({ name: 'Ok', isAdmin: true })))
    expect(extra).toEqual({
      status: 400,
      code: 'VALIDATION_FAILED',
      details: ['(root): Unrecognized key: "isAdmin"'],
    })
    const huge = JSON.stringify({ name: 'Ok', blob: 'z'.repeat(20 * 1024 * 1024) })
    expect(await refusal(jsonPost('/api/workspaces', huge))).toMatchObject({ status: 413 })
    expect(await appState(t.deps, WS)).toEqual(before)
  })
})
