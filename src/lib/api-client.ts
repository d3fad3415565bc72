import { CSRF_HEADER, CSRF_HEADER_VALUE } from '#core/auth/csrf.ts'
import { ERROR_CODES, type ErrorCode } from '#core/errors/error-codes.ts'

/** Codes the client adds for failures that never reached a well-formed error body. */
export type ClientErrorCode = ErrorCode | 'NETWORK_ERROR' | 'UNEXPECTED_RESPONSE'

/** Every failed request throws this: the server's `{ error: { code, message, details } }`, typed. */
export class ApiRequestError extends Error {
  readonly code: ClientErrorCode
  readonly status: number
  readonly details: unknown

  constructor(code: ClientErrorCode, message: string, status: number, details?: unknown) {
    super(message)
    this.name = 'ApiRequestError'
    this.code = code
    this.status = status
    this.details = details
  }
}

export function isApiRequestError(error: unknown): error is ApiRequestError {
  return error instanceof ApiRequestError
}

function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && (ERROR_CODES as readonly string[]).includes(value)
}

async function errorFromResponse(response: Response): Promise<ApiRequestError> {
  const body: unknown = await response.json().catch(() => null)
  const error = (body as { error?: { code?: unknown; message?: unknown; details?: unknown } } | null)?.error
  if (error && isErrorCode(error.code)) {
    const message = typeof error.message === 'string' ? error.message : response.statusText
    return new ApiRequestError(error.code, message, response.status, error.details)
  }
  return new ApiRequestError(
    'UNEXPECTED_RESPONSE',
    `The server answered ${response.status} ${response.statusText}`.trim(),
    response.status,
  )
}

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PATCH' | 'DELETE'
  /** JSON, or FormData for multipart uploads (the browser sets its own Content-Type then). */
  body?: unknown
  signal?: AbortSignal
}

/** The one fetch wrapper: JSON in and out, typed errors for HTTP and network failures. */
export async function apiRequest<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const { method = 'GET', body, signal } = options
  const headers: Record<string, string> = { Accept: 'application/json' }
  if (method !== 'GET') headers[CSRF_HEADER] = CSRF_HEADER_VALUE
  const multipart = body instanceof FormData
  if (body !== undefined && !multipart) headers['Content-Type'] = 'application/json'
  let response: Response
  try {
    response = await fetch(path, {
      method,
      headers,
      body: body === undefined ? undefined : multipart ? body : JSON.stringify(body),
      signal,
      credentials: 'same-origin',
    })
  } catch (cause) {
    if (signal?.aborted) throw cause
    throw new ApiRequestError('NETWORK_ERROR', 'Could not reach the server. Check your connection.', 0, {
      cause: cause instanceof Error ? cause.message : String(cause),
    })
  }
  if (!response.ok) throw await errorFromResponse(response)
  if (response.status === 204) return undefined as T
  const text = await response.text()
  if (!text) return undefined as T
  try {
    return JSON.parse(text) as T
  } catch {
    throw new ApiRequestError('UNEXPECTED_RESPONSE', 'The server answered with invalid JSON', response.status)
  }
}

type QueryValue = string | number | boolean | undefined | null

/** `?a=1&b=x`, skipping empty values. */
export function toSearch(params: Record<string, QueryValue>): string {
  const search = new URLSearchParams()
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined || value === null || value === '') continue
    search.set(key, String(value))
  }
  const text = search.toString()
  return text ? `?${text}` : ''
}

const enc = encodeURIComponent

/** Path builders: every path carries the workspace id (docs/api.md). */
export const apiPaths = {
  me: '/api/auth/me',
  login: '/api/auth/login',
  logout: '/api/auth/logout',
  setup: '/api/auth/setup',
  workspaces: '/api/workspaces',
  workspace: (ws: string) => `/api/workspaces/${enc(ws)}`,
  members: (ws: string) => `${apiPaths.workspace(ws)}/members`,
  member: (ws: string, userId: string) => `${apiPaths.members(ws)}/${enc(userId)}`,
  settings: (ws: string) => `${apiPaths.workspace(ws)}/settings`,
  audit: (ws: string) => `${apiPaths.workspace(ws)}/audit`,
  packages: (ws: string) => `${apiPaths.workspace(ws)}/packages`,
  plugins: (ws: string) => `${apiPaths.workspace(ws)}/plugins`,
  plugin: (ws: string, id: string) => `${apiPaths.plugins(ws)}/${enc(id)}`,
  pluginAction: (ws: string, id: string, action: 'enable' | 'disable' | 'restart' | 'upgrade') =>
    `${apiPaths.plugin(ws, id)}/${action}`,
  pluginUpgradeDecision: (ws: string, id: string, decision: 'approve' | 'reject') =>
    `${apiPaths.plugin(ws, id)}/upgrade/${decision}`,
  pluginEvents: (ws: string, id: string) => `${apiPaths.plugin(ws, id)}/events`,
  marketplace: (ws: string) => `${apiPaths.workspace(ws)}/marketplace`,
  installs: (ws: string) => `${apiPaths.workspace(ws)}/installs`,
  tasks: (ws: string) => `${apiPaths.workspace(ws)}/tasks`,
  task: (ws: string, id: string) => `${apiPaths.tasks(ws)}/${enc(id)}`,
  taskCancel: (ws: string, id: string) => `${apiPaths.task(ws, id)}/cancel`,
  tasksClear: (ws: string) => `${apiPaths.tasks(ws)}/clear`,
  sources: (ws: string) => `${apiPaths.workspace(ws)}/sources`,
  source: (ws: string, id: string) => `${apiPaths.sources(ws)}/${enc(id)}`,
  updates: (ws: string) => `${apiPaths.workspace(ws)}/updates`,
  updatePolicy: (ws: string) => `${apiPaths.updates(ws)}/policy`,
  pluginPin: (ws: string, id: string) => `${apiPaths.plugin(ws, id)}/pin`,
}
