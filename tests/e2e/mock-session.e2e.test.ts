import { afterAll, beforeAll, expect, test } from 'vitest'
import { waitUntil } from '#tests/support/wait-until.ts'
import { type BrowserSession, openBrowser } from './support/browser.ts'
import { serveMockBuild } from './support/mock-app.ts'

// The production build in mock mode: the API (and its sessions) run in the page through MSW.
let app: Awaited<ReturnType<typeof serveMockBuild>>
let browser: BrowserSession

beforeAll(async () => {
  app = await serveMockBuild()
  browser = await openBrowser()
})

afterAll(async () => {
  await browser?.close()
  await app?.close()
})

/** Waits until the mock API answers in the page (the worker has started). */
async function apiReady(): Promise<void> {
  const answersJson = () =>
    browser.page.evaluate(async () => {
      const response = await fetch('/api/health')
      return (response.headers.get('content-type') ?? '').includes('json')
    })
  await waitUntil(answersJson, (json) => json, { withinMs: 10_000, everyMs: 100 })
}

/** A request from the page, as the SPA sends it (same origin, CSRF header on mutations). */
async function call(
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; json: unknown }> {
  return browser.page.evaluate(
    async ({ method, path, body }) => {
      const response = await fetch(path, {
        method,
        headers: { 'content-type': 'application/json', 'x-requested-with': 'plugboard' },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      })
      return { status: response.status, json: response.status === 204 ? null : await response.json() }
    },
    { method, path, body },
  )
}

test('mock mode in Chromium: the demo admin is signed in; sign-out and sign-in work; ?scenario=member is a member', async () => {
  const { page } = browser
  await page.goto(`${app.url}/`)
  await apiReady()
  expect(await call('GET', '/api/auth/me')).toMatchObject({
    status: 200,
    json: { user: { email: 'admin@plugboard.dev' }, workspaces: [{ id: 'default', role: 'admin' }] },
  })
  expect((await call('POST', '/api/auth/logout')).status).toBe(204)
  expect((await call('GET', '/api/auth/me')).status).toBe(401)
  const login = await call('POST', '/api/auth/login', {
    email: 'owner@plugboard.dev',
    password: 'plugboard-demo',
  })
  expect(login.status).toBe(200)
  expect(await call('GET', '/api/auth/me')).toMatchObject({
    json: { user: { email: 'owner@plugboard.dev' } },
  })

  await page.goto(`${app.url}/?scenario=member`)
  await apiReady()
  expect(await call('GET', '/api/auth/me')).toMatchObject({ json: { workspaces: [{ role: 'member' }] } })
  const install = await call('POST', '/api/workspaces/default/installs', {
    items: [{ source: 'marketplace', pluginId: 'acme/slow-sync', version: '1.0.0' }],
  })
  expect(install.status).toBe(403)
})
