import { z } from 'zod'
import { ErrorBodySchema } from '#core/api/common-schemas.ts'
import { ERROR_HTTP_STATUS } from '#core/errors/error-codes.ts'
import { API_ROUTES, type ApiRoute } from './api-routes.ts'

type JsonSchema = Record<string, unknown>

// Requests are described as the client sends them (before coercion and defaults), responses as sent.
const inputSchema = (schema: z.ZodType) =>
  z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as JsonSchema
const outputSchema = (schema: z.ZodType) =>
  z.toJSONSchema(schema, { io: 'output', unrepresentable: 'any' }) as JsonSchema
const json = (schema: JsonSchema) => ({ 'application/json': { schema } })
const body = (route: ApiRoute, schema: z.ZodType) =>
  route.bodyType === 'multipart'
    ? { 'multipart/form-data': { schema: inputSchema(schema) } }
    : json(inputSchema(schema))

function parameters(route: ApiRoute) {
  const inPath = [...route.path.matchAll(/\{(\w+)\}/g)].map(([, name]) => ({
    name,
    in: 'path',
    required: true,
    schema: { type: 'string' },
  }))
  const query = route.query ? inputSchema(route.query) : { properties: {} }
  const required = new Set((query.required as string[] | undefined) ?? [])
  const inQuery = Object.entries((query.properties as Record<string, JsonSchema>) ?? {}).map(
    ([name, schema]) => ({
      name,
      in: 'query',
      required: required.has(name),
      schema,
    }),
  )
  return [...inPath, ...inQuery]
}

function operation(route: ApiRoute) {
  const statuses = new Set([400, 500, ...(route.errors ?? [])])
  const errorCodes = (status: number) =>
    Object.entries(ERROR_HTTP_STATUS)
      .filter(([, http]) => http === status)
      .map(([code]) => code)
  const responses: Record<string, unknown> = {
    [route.status]: {
      description: route.status === 204 ? 'No content' : 'Success',
      ...(route.response ? { content: json(outputSchema(route.response)) } : {}),
    },
  }
  for (const status of [...statuses].sort()) {
    responses[status] = {
      description: errorCodes(status).join(' | '),
      content: json({ $ref: '#/components/schemas/Error' }),
    }
  }
  return {
    summary: route.summary,
    parameters: parameters(route),
    ...(route.body ? { requestBody: { required: true, content: body(route, route.body) } } : {}),
    responses,
  }
}

/** An OpenAPI 3.1 document generated from the core zod schemas and the route list. */
export function buildOpenApiDocument(version: string) {
  const paths: Record<string, Record<string, unknown>> = {}
  for (const route of API_ROUTES) {
    paths[route.path] ??= {}
    ;(paths[route.path] as Record<string, unknown>)[route.method] = operation(route)
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Plugboard API',
      version,
      description: 'Plugin lifecycle console: plugins, marketplace, tasks.',
    },
    paths,
    components: { schemas: { Error: outputSchema(ErrorBodySchema) } },
  }
}
