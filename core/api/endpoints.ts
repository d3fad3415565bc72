// Plain (no zod): the SPA builds its request paths from this table. The schemas of each endpoint are
// keyed by the same ids on the server (server/app/endpoint-schemas.ts). Its entries live by area beside it
// (core/api/*-endpoints.ts).

import { ACCOUNT_ENDPOINTS } from './account-endpoints.ts'
import { MARKETPLACE_ENDPOINTS } from './marketplace-endpoints.ts'
import { PLUGIN_ENDPOINTS } from './plugin-endpoints.ts'
import { SERVER_ENDPOINTS } from './server-endpoints.ts'
import { TASK_ENDPOINTS } from './task-endpoints.ts'
import { UPDATE_ENDPOINTS } from './update-endpoints.ts'
import { WORKSPACE_ENDPOINTS } from './workspace-endpoints.ts'

/**
 * Every endpoint of the API, once: the access guard authorizes by it, the app registers one handler
 * per id, the OpenAPI document is generated from it (ids are its operationIds) and the SPA builds its
 * paths from it. Among patterns that match one request, the one with more literal segments wins.
 */
export const ENDPOINTS = {
  ...SERVER_ENDPOINTS,
  ...ACCOUNT_ENDPOINTS,
  ...PLUGIN_ENDPOINTS,
  ...MARKETPLACE_ENDPOINTS,
  ...UPDATE_ENDPOINTS,
  ...TASK_ENDPOINTS,
  ...WORKSPACE_ENDPOINTS,
} as const

export type EndpointId = keyof typeof ENDPOINTS

/** `:name` segments of a path pattern, as a type: `'ws' | 'id'` for `…/:ws/plugins/:id`. */
type ParamsOf<P extends string> = P extends `${string}:${infer Name}/${infer Rest}`
  ? Name | ParamsOf<`/${Rest}`>
  : P extends `${string}:${infer Name}`
    ? Name
    : never
type PathParams<K extends EndpointId> = Record<ParamsOf<(typeof ENDPOINTS)[K]['path']>, string>

/** The concrete path of an endpoint, each parameter URL-encoded (`acme/hello` → `acme%2Fhello`). */
export function pathTo<K extends EndpointId>(id: K, params: PathParams<K>): string {
  const values = params as Record<string, string>
  return ENDPOINTS[id].path.replaceAll(/:(\w+)/g, (_, name: string) => encodeURIComponent(values[name] ?? ''))
}
