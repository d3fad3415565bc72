import type { Context, Hono, MiddlewareHandler } from 'hono'
import type { z } from 'zod'
import { ENDPOINTS, type EndpointId } from '#core/api/endpoints.ts'
import { ENDPOINT_SCHEMAS, type EndpointSchemas } from './endpoint-schemas.ts'
import { parseBody, parseQuery } from './http/request-input.ts'

type Schemas<K extends EndpointId> = (typeof ENDPOINT_SCHEMAS)[K]
type Parsed<S, Key extends string> =
  S extends Record<Key, infer T extends z.ZodType> ? z.output<T> : undefined

/** What the app parsed for a handler: the query and the JSON body, by the endpoint's schemas. */
interface EndpointInput<K extends EndpointId> {
  query: Parsed<Schemas<K>, 'query'>
  body: Schemas<K> extends { bodyType: 'multipart' } ? undefined : Parsed<Schemas<K>, 'body'>
}

/**
 * The body of success (the app answers it with the table's status), nothing for a 204, or for a
 * stream the Response itself.
 */
type Output<K extends EndpointId> =
  Schemas<K> extends { response: infer T extends z.ZodType }
    ? z.output<T>
    : Schemas<K> extends { stream: 'text/event-stream' }
      ? Response
      : // biome-ignore lint/suspicious/noConfusingVoidType: a 204 handler is any function that resolves to nothing
        void

// A handler may also answer a Response of its own: a stream, or a 304 to a conditional GET.
type EndpointHandler<K extends EndpointId> = (
  c: Context,
  input: EndpointInput<K>,
) => Output<K> | Response | Promise<Output<K> | Response>

/** The handlers of some endpoints, by id. */
export type EndpointHandlers<K extends EndpointId> = { [Id in K]: EndpointHandler<Id> }

/**
 * One Hono route per entry of the endpoint table, with its handler: method, path and success
 * status come from the table, the parsed input from the endpoint's schemas. `before` runs ahead of
 * the input parsing (e.g. a body cap that must see the raw request).
 */
export function registerEndpoints(
  app: Hono,
  handlers: EndpointHandlers<EndpointId>,
  before: Partial<Record<EndpointId, MiddlewareHandler>> = {},
): void {
  for (const id of Object.keys(ENDPOINTS) as EndpointId[]) {
    const { method, path, status } = ENDPOINTS[id]
    const schemas: EndpointSchemas = ENDPOINT_SCHEMAS[id]
    const handler = handlers[id] as EndpointHandler<EndpointId>
    const handle = async (c: Context) => {
      const input = {
        query: schemas.query ? parseQuery(c, schemas.query) : undefined,
        body: schemas.body && !schemas.bodyType ? await parseBody(c, schemas.body) : undefined,
      } as EndpointInput<EndpointId>
      const output: unknown = await handler(c, input)
      if (output instanceof Response) return output
      return status === 204 ? c.body(null, 204) : c.json(output, status)
    }
    const guard = before[id]
    if (guard) app.on(method, path, guard, handle)
    else app.on(method, path, handle)
  }
}
