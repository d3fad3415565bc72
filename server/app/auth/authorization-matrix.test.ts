import { describe, expect, test } from 'vitest'
import { pathTo } from '#core/api/endpoints.ts'
import { roleAtLeast } from '#core/auth/roles.ts'
import { FOREIGN_WS, OWN_WS, type Persona, setupAuthApp } from './auth.test-helpers.ts'
import { ENDPOINT_ENTRIES, type EndpointEntry } from './endpoint-match.ts'

type Where = 'own' | 'foreign'
type Outcome = 'allowed' | 401 | 403 | 404

const PERSONAS: Persona[] = ['anonymous', 'member', 'admin', 'owner']

/** What the spec says a persona gets (default install policy: admins). */
function expected(rule: EndpointEntry, persona: Persona, where: Where): Outcome {
  if (rule.access === 'public') return 'allowed'
  if (persona === 'anonymous') return 401
  if (rule.access === 'authenticated') return 'allowed'
  // The personas own, run or belong to their own workspaces, none of them the instance workspace.
  if (rule.access === 'operator') return 403
  if (where === 'foreign') return 404
  const required = rule.access === 'install' ? 'admin' : rule.access
  return roleAtLeast(persona, required) ? 'allowed' : 403
}

/** A concrete path for an endpoint: ids that look real (whether they exist does not matter here). */
function pathFor(endpoint: EndpointEntry, ws: string, userId: string): string {
  const params = {
    ws,
    userId,
    taskId: 'task_x',
    org: 'acme',
    name: 'hello-world',
    pluginId: 'acme/hello-world',
    id: 'plg_x',
    sourceId: 'src_x',
    tokenId: 'tok_x',
  }
  return pathTo(endpoint.id, params)
}

const cases = ENDPOINT_ENTRIES.flatMap((rule) =>
  PERSONAS.flatMap((persona) =>
    (rule.path.includes(':ws') ? (['own', 'foreign'] as const) : (['own'] as const)).map(
      (where) => [`${rule.method} ${rule.path}`, persona, where, rule] as const,
    ),
  ),
)

describe('the authorization matrix, generated from the endpoint table', () => {
  test('every route the app serves is in the endpoint table, and every entry a route', async () => {
    const { app } = await setupAuthApp()
    const served = app.routes
      .filter((route) => route.method !== 'ALL')
      .map((route) => `${route.method} ${route.path}`)
    const ruled = ENDPOINT_ENTRIES.map((rule) => `${rule.method} ${rule.path}`)
    expect([...new Set(served)].sort()).toEqual([...ruled].sort())
  })

  test.each(cases)('%s as %s in the %s workspace', async (_name, persona, where, rule) => {
    const t = await setupAuthApp()
    const ws = where === 'own' ? OWN_WS : FOREIGN_WS
    const response = await t.call(persona, rule.method, pathFor(rule, ws, t.userIds.member), {
      ...(rule.method === 'GET' ? {} : { body: {} }),
    })
    // An allowed stream never ends by itself: its headers say enough.
    const streaming = response.headers.get('content-type')?.startsWith('text/event-stream') ?? false
    if (streaming) await response.body?.cancel()
    const body = response.status === 204 || streaming ? null : await response.json()
    const outcome = expected(rule, persona, where)
    if (outcome === 'allowed') {
      expect(response.status, JSON.stringify(body)).not.toBe(401)
      expect(response.status, JSON.stringify(body)).not.toBe(403)
      if (response.status === 404) expect(body.error.message).not.toBe('unknown workspace')
    } else {
      expect(response.status, JSON.stringify(body)).toBe(outcome)
      // A refusal carries the error and nothing else: no data of the workspace.
      expect(Object.keys(body)).toEqual(['error'])
      if (outcome === 404) expect(body.error.message).toBe('unknown workspace')
    }
  })
})
