import { expect, test } from 'vitest'
import { createMemoryDeps } from '#mocks/memory-deps.ts'
import { createApp } from '#server/app/create-app.ts'
import { API_ROUTES } from './api-routes.ts'
import { buildOpenApiDocument } from './openapi.ts'

const key = (method: string, path: string) => `${method.toUpperCase()} ${path}`

test('the route list behind the OpenAPI document names exactly the routes the app serves', () => {
  const app = createApp(createMemoryDeps({ stepMs: 0 }))
  const served = new Set(
    app.routes.filter((route) => route.method !== 'ALL').map((route) => key(route.method, route.path)),
  )
  const listed = new Set(
    API_ROUTES.map((route) => key(route.method, route.path.replaceAll(/\{(\w+)\}/g, ':$1'))),
  )
  expect([...listed].sort()).toEqual([...served].sort())
})

test('the OpenAPI document describes every route with its parameters and schemas', () => {
  // As a client reads it: plain JSON.
  const doc = JSON.parse(JSON.stringify(buildOpenApiDocument('1.2.3')))
  expect(doc).toMatchObject({ openapi: '3.1.0', info: { version: '1.2.3' } })
  const list = doc.paths['/api/workspaces/{ws}/plugins']
  const names = list.get.parameters.map((parameter: { name: string }) => parameter.name)
  expect(names).toEqual(expect.arrayContaining(['ws', 'q', 'status', 'category', 'sort', 'page', 'pageSize']))
  expect(list.get.responses['200'].content['application/json'].schema.properties.items).toBeDefined()
  const install = doc.paths['/api/workspaces/{ws}/installs']
  expect(install.post.requestBody.content['application/json'].schema.properties.items).toBeDefined()
  expect(install.post.responses['409']).toMatchObject({
    description: expect.stringContaining('TASK_ALREADY_ACTIVE'),
  })
})
