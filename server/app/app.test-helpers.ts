import { vi } from 'vitest'
import { SESSION_COOKIE } from '#core/api/auth-schemas.ts'
import type { Plugin } from '#core/api/plugin-schemas.ts'
import type { Task } from '#core/api/task-schemas.ts'
import { CSRF_HEADER, CSRF_HEADER_VALUE } from '#core/auth/csrf.ts'
import { createMemoryDeps, type MemoryDepsOptions } from '#mocks/memory-deps.ts'
import { seedAccount } from '#mocks/seed-account.ts'
import { createApp } from './create-app.ts'
import { checkedRequest } from './openapi/response-check.test-helpers.ts'

export const WS = 'ws-test'
/** The signed-in owner of WS every route test acts as (tasks and events record this actor). */
export const TEST_ACTOR = 'owner@plugboard.test'
const TEST_SESSION = 'test-session-owner'

/** Headers of a signed-in browser: the session cookie and, on mutations, the CSRF header. */
export function signedIn(init: RequestInit = {}, sessionToken = TEST_SESSION): RequestInit {
  const headers = new Headers(init.headers)
  headers.set('cookie', `${SESSION_COOKIE}=${sessionToken}`)
  headers.set(CSRF_HEADER, CSRF_HEADER_VALUE)
  return { ...init, headers }
}
/** Step time of the simulated runtime in route tests; fake timers advance it. */
export const STEP = 100

/**
 * The app over memory adapters under vitest fake timers: nothing runs until the test advances
 * time, so every test positions a task exactly (e.g. `advance(STEP * 1.5)` = inside `verify`).
 */
export function setupTestApp(options: MemoryDepsOptions = {}) {
  vi.useFakeTimers({ now: new Date('2026-03-01T12:00:00.000Z') })
  const deps = createMemoryDeps({ stepMs: STEP, ...options })
  const api = createApp(deps)
  // Every answer a route test reads is first checked against the OpenAPI document.
  const request = checkedRequest(api)
  const seeded = seedAccount(deps, {
    workspaceId: WS,
    email: TEST_ACTOR,
    name: 'Test Owner',
    role: 'owner',
    sessionToken: TEST_SESSION,
  })
  // Every request of a route test is the signed-in owner's (the authorization tests sign in others).
  const app = {
    routes: api.routes,
    request: async (input: string, init?: RequestInit) => {
      await seeded
      return request(input, signedIn(init))
    },
  }
  const base = `/api/workspaces/${WS}`
  const send = (method: string, path: string, body?: unknown) =>
    app.request(`${base}${path}`, {
      method,
      ...(body === undefined
        ? {}
        : {
            body: typeof body === 'string' ? body : JSON.stringify(body),
            headers: { 'content-type': 'application/json' },
          }),
    })
  // biome-ignore lint/suspicious/noExplicitAny: response bodies are checked by the assertions that read them
  const json = async <T = any>(response: Response | Promise<Response>): Promise<T> => (await response).json()

  return {
    app,
    deps,
    base,
    send,
    get: (path: string) => send('GET', path),
    post: (path: string, body?: unknown) => send('POST', path, body),
    del: (path: string) => send('DELETE', path),
    json,
    /** Advances fake time (and everything waiting on it). */
    advance: (ms: number) => vi.advanceTimersByTimeAsync(ms),
    /** Runs every queued task to its end. */
    settle: () => vi.runAllTimersAsync(),
    async task(id: string): Promise<Task> {
      return json(send('GET', `/tasks/${id}`))
    },
    async plugin(ref: string): Promise<Plugin | null> {
      return deps.store.findPluginByRef(WS, ref)
    },
    /** Installs one catalog plugin and waits for its task to end. */
    async install(pluginId: string, version: string): Promise<{ task: Task; plugin: Plugin | null }> {
      const response = await send('POST', '/installs', {
        items: [{ source: 'marketplace', pluginId, version }],
      })
      const { task } = await response.json()
      await vi.runAllTimersAsync()
      return {
        task: await json(send('GET', `/tasks/${task.id}`)),
        plugin: await deps.store.findPluginByRef(WS, pluginId),
      }
    },
  }
}

export type TestApp = ReturnType<typeof setupTestApp>
