import { z } from 'zod'
import { SESSION_COOKIE } from '#core/api/auth-schemas.ts'
import { ErrorBodySchema } from '#core/api/common-schemas.ts'
import type { Endpoint } from '#core/api/endpoint-types.ts'
import { ENDPOINTS, type EndpointId } from '#core/api/endpoints.ts'
import { API_TOKEN_PREFIX } from '#core/api/token-schemas.ts'
import { CSRF_HEADER, CSRF_HEADER_VALUE } from '#core/auth/csrf.ts'
import { ERROR_HTTP_STATUS } from '#core/errors/error-codes.ts'
import { acceptsApiToken } from '#server/app/auth/token-access.ts'
import { ENDPOINT_SCHEMAS, type EndpointSchemas } from '#server/app/endpoint-schemas.ts'
import { endpointErrors } from './endpoint-errors.ts'

type JsonSchema = Record<string, unknown>

// Requests are described as the client sends them (before coercion and defaults), responses as sent;
// in the document's own dialect (OpenAPI 3.1 is JSON Schema 2020-12), so without a `$schema` each.
function jsonSchema(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: 'any' })
  return rest
}
const inputSchema = (schema: z.ZodType) => jsonSchema(schema, 'input')
const outputSchema = (schema: z.ZodType) => jsonSchema(schema, 'output')
const json = (schema: JsonSchema) => ({ 'application/json': { schema } })

/** `:ws` → `{ws}`. */
export const openApiPath = (path: string) => path.replaceAll(/:(\w+)/g, '{$1}')

function parameters(endpoint: Endpoint, schemas: EndpointSchemas) {
  const inPath = [...endpoint.path.matchAll(/:(\w+)/g)].map(([, name]) => ({
    name,
    in: 'path',
    required: true,
    schema: { type: 'string' },
  }))
  const query = schemas.query ? inputSchema(schemas.query) : { properties: {} }
  const required = new Set((query.required as string[] | undefined) ?? [])
  const inQuery = Object.entries((query.properties as Record<string, JsonSchema>) ?? {}).map(
    ([name, schema]) => ({ name, in: 'query', required: required.has(name), schema }),
  )
  return [...inPath, ...inQuery]
}

function requestBody(schemas: EndpointSchemas) {
  if (!schemas.body) return {}
  const type = schemas.bodyType === 'multipart' ? 'multipart/form-data' : 'application/json'
  return { requestBody: { required: true, content: { [type]: { schema: inputSchema(schemas.body) } } } }
}

const SET_COOKIE = {
  'Set-Cookie': {
    description: `The session cookie \`${SESSION_COOKIE}\` (httpOnly, SameSite=Lax)`,
    required: true,
    schema: { type: 'string' },
  },
}
const RETRY_AFTER = {
  'Retry-After': {
    description: 'Seconds to wait before trying again',
    required: true,
    schema: { type: 'integer' },
  },
}

const ETAG = {
  ETag: { description: 'The version of the list; send it back as If-None-Match', schema: { type: 'string' } },
}

const NOT_MODIFIED = {
  description: 'Not modified: the list is unchanged since the ETag sent as If-None-Match',
  headers: ETAG,
}

function success(endpoint: Endpoint, schemas: EndpointSchemas) {
  const description =
    endpoint.session === 'clear'
      ? 'Success; the session cookie is expired'
      : endpoint.session === 'set'
        ? 'Success; a new session cookie is set'
        : 'Success'
  return {
    description,
    ...(endpoint.session ? { headers: SET_COOKIE } : {}),
    ...(endpoint.conditional ? { headers: ETAG } : {}),
    ...(schemas.response ? { content: json(outputSchema(schemas.response)) } : {}),
    ...(schemas.stream ? { content: { [schemas.stream]: { schema: { type: 'string' } } } } : {}),
  }
}

/** The error answers, one per status, each naming its codes and, where the table implies one, why. */
function errorResponses(endpoint: Endpoint) {
  const byStatus = new Map<number, { codes: Set<string>; reasons: Set<string> }>()
  for (const { code, reason } of endpointErrors(endpoint)) {
    const status = ERROR_HTTP_STATUS[code]
    const entry = byStatus.get(status) ?? { codes: new Set(), reasons: new Set() }
    entry.codes.add(code)
    if (reason) entry.reasons.add(reason)
    byStatus.set(status, entry)
  }
  const responses: Record<string, unknown> = {}
  for (const [status, { codes, reasons }] of [...byStatus].sort(([a], [b]) => a - b)) {
    const why = reasons.size ? ` (${[...reasons].join('; ')})` : ''
    responses[status] = {
      description: `${[...codes].join(' | ')}${why}`,
      ...(codes.has('RATE_LIMITED') ? { headers: RETRY_AFTER } : {}),
      content: json({ $ref: '#/components/schemas/Error' }),
    }
  }
  return responses
}

/**
 * Public endpoints need nothing, the others the session cookie, every mutation the CSRF header too;
 * or, in a workspace, an API token instead of both.
 */
function security(endpoint: Endpoint) {
  const requirement: Record<string, string[]> = {}
  if (endpoint.access !== 'public') requirement.session = []
  if (endpoint.method !== 'GET') requirement.csrfHeader = []
  const withToken = acceptsApiToken(endpoint) ? [{ apiToken: [] }] : []
  return Object.keys(requirement).length ? [requirement, ...withToken] : []
}

function operation(id: EndpointId) {
  const endpoint: Endpoint = ENDPOINTS[id]
  const schemas: EndpointSchemas = ENDPOINT_SCHEMAS[id]
  return {
    operationId: id,
    summary: endpoint.summary,
    tags: [tagOf(endpoint.path)],
    security: security(endpoint),
    parameters: parameters(endpoint, schemas),
    ...requestBody(schemas),
    responses: {
      [endpoint.status]: success(endpoint, schemas),
      ...(endpoint.conditional ? { 304: NOT_MODIFIED } : {}),
      ...(schemas.alternative
        ? {
            [schemas.alternative.status]: {
              description: schemas.alternative.description,
              content: json(outputSchema(schemas.alternative.response)),
            },
          }
        : {}),
      ...errorResponses(endpoint),
    },
  }
}

/** The area of an endpoint: `auth`, `workspaces`, or the segment after the workspace (`plugins`…). */
function tagOf(path: string): string {
  const [, , area = 'health', , , below] = path.split('/')
  return area === 'workspaces' && below ? below : area
}

/** An OpenAPI 3.1 document generated from the endpoint table and its schemas. */
export function buildOpenApiDocument(version: string) {
  const paths: Record<string, Record<string, unknown>> = {}
  for (const id of Object.keys(ENDPOINTS) as EndpointId[]) {
    const { method, path } = ENDPOINTS[id]
    paths[openApiPath(path)] = { ...paths[openApiPath(path)], [method.toLowerCase()]: operation(id) }
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Plugboard API',
      version,
      description: 'Plugin lifecycle console: plugins, marketplace, tasks, workspaces and their members.',
    },
    servers: [{ url: '/', description: 'The server that serves the console' }],
    paths,
    components: {
      schemas: { Error: outputSchema(ErrorBodySchema) },
      securitySchemes: {
        session: {
          type: 'apiKey',
          in: 'cookie',
          name: SESSION_COOKIE,
          description: 'The session cookie that signing in (or first-run setup) sets',
        },
        apiToken: {
          type: 'http',
          scheme: 'bearer',
          description: `A workspace's API token (\`Authorization: Bearer ${API_TOKEN_PREFIX}…\`), instead of the cookie and the CSRF header`,
        },
        csrfHeader: {
          type: 'apiKey',
          in: 'header',
          name: CSRF_HEADER,
          description: `Every mutation sends \`${CSRF_HEADER}: ${CSRF_HEADER_VALUE}\``,
        },
      },
    },
  }
}
