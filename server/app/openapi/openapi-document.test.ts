import { createConfig, lintFromString } from '@redocly/openapi-core'
import { describe, expect, test } from 'vitest'
import { ENDPOINTS, type EndpointId } from '#core/api/endpoints.ts'
import { buildOpenApiDocument, openApiPath } from './openapi-document.ts'

// As a client reads it: plain JSON.
const doc = JSON.parse(JSON.stringify(buildOpenApiDocument('1.2.3')))
const operationOf = (id: EndpointId) =>
  doc.paths[openApiPath(ENDPOINTS[id].path)][ENDPOINTS[id].method.toLowerCase()]
const statusesOf = (id: EndpointId) => Object.keys(operationOf(id).responses).map(Number)

test("Redocly's recommended rules find nothing to report in the document", async () => {
  const config = await createConfig({
    extends: ['recommended'],
    rules: {
      // A private product: there is no license to name.
      'info-license': 'off',
      // Health, the setup status and this document answer anyone and take no input: no 4XX is true.
      'operation-4xx-response': 'off',
    },
  })
  const problems = await lintFromString({ source: JSON.stringify(doc), absoluteRef: 'openapi.json', config })
  const found = problems.map(
    (problem) => `${problem.ruleId}: ${problem.message} at ${problem.location[0]?.pointer}`,
  )
  expect(found).toEqual([])
})

describe('every status an operation can answer, from the endpoint table', () => {
  const ids = Object.keys(ENDPOINTS) as EndpointId[]

  test.each(ids)('%s', (id) => {
    const endpoint = ENDPOINTS[id]
    const operation = operationOf(id)
    const statuses = statusesOf(id)
    expect(operation.operationId).toBe(id)
    expect(statuses).toContain(endpoint.status)
    expect(statuses).toContain(500)
    expect(statuses.includes(401)).toBe(endpoint.access !== 'public' || id === 'signIn')
    if (endpoint.path.includes(':ws')) expect(statuses).toContain(404)
    if (endpoint.method !== 'GET' || ['admin', 'owner', 'install', 'operator'].includes(endpoint.access)) {
      expect(statuses).toContain(403)
    }
    if (operation.requestBody) expect(statuses).toEqual(expect.arrayContaining([400, 413]))
    const requirement = operation.security[0] ?? {}
    expect('session' in requirement).toBe(endpoint.access !== 'public')
    expect('csrfHeader' in requirement).toBe(endpoint.method !== 'GET')
  })

  test('sign-in, setup and sign-out declare the cookie; a refused sign-in its Retry-After', () => {
    for (const id of ['signIn', 'setUp', 'signOut'] as const) {
      expect(operationOf(id).responses[ENDPOINTS[id].status].headers['Set-Cookie']).toBeDefined()
    }
    expect(operationOf('getMe').responses['200'].headers).toBeUndefined()
    expect(operationOf('signIn').responses['429'].headers['Retry-After']).toBeDefined()
  })

  test('the security schemes are the session cookie and the CSRF header, or an API token, on a server at the root', () => {
    expect(doc.servers).toEqual([expect.objectContaining({ url: '/' })])
    expect(doc.components.securitySchemes).toEqual({
      session: expect.objectContaining({ type: 'apiKey', in: 'cookie', name: 'plugboard_session' }),
      csrfHeader: expect.objectContaining({ type: 'apiKey', in: 'header', name: 'X-Requested-With' }),
      apiToken: expect.objectContaining({ type: 'http', scheme: 'bearer' }),
    })
    // A token stands in for the cookie and the CSRF header inside a workspace, never for tokens.
    expect(operationOf('installPlugins').security).toEqual([
      { session: [], csrfHeader: [] },
      { apiToken: [] },
    ])
    expect(operationOf('createApiToken').security).toEqual([{ session: [], csrfHeader: [] }])
    expect(operationOf('getMe').security).toEqual([{ session: [] }])
  })
})

test('the document describes parameters, bodies and answers with the core schemas', () => {
  expect(doc).toMatchObject({ openapi: '3.1.0', info: { version: '1.2.3' } })
  const list = operationOf('listPlugins')
  const names = list.parameters.map((parameter: { name: string }) => parameter.name)
  expect(names).toEqual(expect.arrayContaining(['ws', 'q', 'status', 'category', 'sort', 'page', 'pageSize']))
  expect(list.responses['200'].content['application/json'].schema.properties.items).toBeDefined()
  const install = operationOf('installPlugins')
  expect(install.requestBody.content['application/json'].schema.properties.items).toBeDefined()
  expect(install.responses['409']).toMatchObject({
    description: expect.stringContaining('TASK_ALREADY_ACTIVE'),
  })
  expect(operationOf('getHealth').responses['200'].content['application/json'].schema).toMatchObject({
    properties: { status: { const: 'ok' } },
  })
  expect(operationOf('uploadPackage').requestBody.content).toHaveProperty('multipart/form-data')
})
