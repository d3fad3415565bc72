import type { Endpoint } from './endpoint-types.ts'

/** The server itself: liveness, readiness, its nodes and its API document. */
export const SERVER_ENDPOINTS = {
  getHealth: {
    method: 'GET',
    path: '/api/health',
    access: 'public',
    status: 200,
    summary: 'Liveness of the server',
  },
  getReadiness: {
    method: 'GET',
    path: '/api/ready',
    access: 'public',
    status: 200,
    summary: 'Readiness: the plugins that were ready before the start run again (503 while they start)',
  },
  listNodes: {
    method: 'GET',
    path: '/api/nodes',
    access: 'operator',
    status: 200,
    summary: 'The nodes of the cluster: state, last heartbeat, version, plugins and running task items',
  },
  drainNode: {
    method: 'POST',
    path: '/api/nodes/:name/drain',
    access: 'operator',
    status: 202,
    summary: 'Drain a node: it takes no new task items and its plugins move to the other live nodes',
    audit: 'node.drain',
    errors: ['NOT_FOUND', 'CONFLICT'],
  },
  getOpenApiDocument: {
    method: 'GET',
    path: '/api/openapi.json',
    access: 'public',
    status: 200,
    summary: 'This OpenAPI document, generated from the endpoint table',
  },
} as const satisfies Record<string, Endpoint>
