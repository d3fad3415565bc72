import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js'
import addFormats from 'ajv-formats'
import { matchEndpoint } from '#server/app/auth/endpoint-match.ts'
import { buildOpenApiDocument, openApiPath } from './openapi-document.ts'

interface ResponseSpec {
  headers?: Record<string, { required?: boolean }>
  content?: Record<string, { schema: Record<string, unknown> }>
}

const doc = buildOpenApiDocument('test')
const ajv = new Ajv2020({ allErrors: true, strict: false })
addFormats(ajv)
const validators = new Map<string, ValidateFunction>()

/** A response schema compiled once; its `$ref`s point into the document's components. */
function validatorFor(key: string, schema: Record<string, unknown>): ValidateFunction {
  let validate = validators.get(key)
  if (!validate) {
    validate = ajv.compile({ ...schema, components: doc.components })
    validators.set(key, validate)
  }
  return validate
}

/** What the document says `method path` may answer: its operation's responses, or null for no endpoint. */
function responsesOf(method: string, path: string) {
  const match = matchEndpoint(method === 'HEAD' ? 'GET' : method, path)
  if (!match) return null
  const { id, path: pattern } = match.endpoint
  const item = doc.paths[openApiPath(pattern)] as Record<string, { responses: Record<string, ResponseSpec> }>
  const operation = item[method === 'HEAD' ? 'get' : method.toLowerCase()]
  if (!operation) throw new Error(`the document has no operation for ${id}`)
  return { id, responses: operation.responses }
}

const HEADERS_SAID = ['Set-Cookie', 'Retry-After']

/**
 * Fails (throws) when an API response is not what the OpenAPI document says: a status the operation
 * does not list, a body its schema refuses, a header it does not declare (or one it requires
 * missing). A path with no endpoint may only answer the 404 error body. Non-API paths pass.
 */
export async function checkResponse(method: string, url: string, response: Response): Promise<void> {
  const path = new URL(url, 'http://localhost').pathname
  if (path !== '/api' && !path.startsWith('/api/')) return
  const found = responsesOf(method.toUpperCase(), path)
  const id = found?.id ?? 'no endpoint'
  const where = `${method} ${path} (${id}) answered ${response.status}`
  const responses: Record<string, ResponseSpec> = found?.responses ?? {
    404: { content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } },
  }
  const spec = responses[response.status]
  if (!spec) {
    throw new Error(
      `${where}, which the document does not list (it lists ${Object.keys(responses).join(', ')})`,
    )
  }
  for (const name of HEADERS_SAID) {
    const declared = spec.headers?.[name]
    if (response.headers.has(name) && !declared) throw new Error(`${where} with an undeclared ${name} header`)
    if (declared?.required && !response.headers.has(name))
      throw new Error(`${where} without its ${name} header`)
  }
  const type = response.headers.get('content-type') ?? ''
  const stream = Object.keys(spec.content ?? {}).find((declared) => declared !== 'application/json')
  // A stream's body never ends: its type is checked, not its content.
  if (stream) {
    if (!type.startsWith(stream)) throw new Error(`${where} as ${type}, not ${stream}`)
    return
  }
  const text = method === 'HEAD' ? '' : await response.clone().text()
  const json = spec.content?.['application/json']
  if (!json) {
    if (text)
      throw new Error(`${where} with a body, where the document says there is none: ${text.slice(0, 200)}`)
    return
  }
  if (method === 'HEAD') return
  if (!type.startsWith('application/json')) throw new Error(`${where} as ${type}, not application/json`)
  const validate = validatorFor(`${id} ${response.status}`, json.schema)
  if (!validate(JSON.parse(text))) {
    throw new Error(
      `${where} with a body the document refuses: ${ajv.errorsText(validate.errors)}\n${text.slice(0, 500)}`,
    )
  }
}

/** `fetch` whose every answer is checked against the document first. */
export async function checkedFetch(input: string, init: RequestInit = {}): Promise<Response> {
  const response = await fetch(input, init)
  await checkResponse(init.method ?? 'GET', input, response)
  return response
}

/** An app's `request`, every answer checked against the document. */
export function checkedRequest(app: {
  request(input: string, init?: RequestInit): Response | Promise<Response>
}): (input: string, init?: RequestInit) => Promise<Response> {
  return async (input, init = {}) => {
    const response = await app.request(input, init)
    await checkResponse(init.method ?? 'GET', input, response)
    return response
  }
}
