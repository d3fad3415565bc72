import { pathTo } from '#core/api/endpoints.ts'
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
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'
  /** JSON, or FormData for multipart uploads (the browser sets its own Content-Type then). */
  body?: unknown
  signal?: AbortSignal
  /** A GET of this path already sent (the first plugin list): its answer unless it failed, else a new fetch. */
  sent?: Promise<Response>
}

/** The one fetch wrapper: JSON in and out, typed errors for HTTP and network failures. */
export async function apiRequest<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const { method = 'GET', body, signal, sent } = options
  const headers: Record<string, string> = { Accept: 'application/json' }
  if (method !== 'GET') headers[CSRF_HEADER] = CSRF_HEADER_VALUE
  const multipart = body instanceof FormData
  if (body !== undefined && !multipart) headers['Content-Type'] = 'application/json'
  let response: Response
  try {
    const send = () =>
      fetch(path, {
        method,
        headers,
        body: body === undefined ? undefined : multipart ? body : JSON.stringify(body),
        signal,
        credentials: 'same-origin',
      })
    response = sent ? await sent.then((early) => (early.ok ? early : send()), send) : await send()
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

const PLUGIN_ACTIONS = {
  enable: 'enablePlugin',
  disable: 'disablePlugin',
  restart: 'restartPlugin',
  upgrade: 'upgradePlugin',
  reload: 'reloadDevPlugin',
} as const

/** Request paths, from the API's endpoint table; every workspace path carries the workspace id. */
export const apiPaths = {
  me: pathTo('getMe', {}),
  login: pathTo('signIn', {}),
  logout: pathTo('signOut', {}),
  setup: pathTo('setUp', {}),
  workspaces: pathTo('listWorkspaces', {}),
  members: (ws: string) => pathTo('listMembers', { ws }),
  member: (ws: string, userId: string) => pathTo('updateMember', { ws, userId }),
  settings: (ws: string) => pathTo('getSettings', { ws }),
  apiTokens: (ws: string) => pathTo('listApiTokens', { ws }),
  apiToken: (ws: string, tokenId: string) => pathTo('revokeApiToken', { ws, tokenId }),
  audit: (ws: string) => pathTo('listAudit', { ws }),
  stream: (ws: string) => pathTo('streamWorkspace', { ws }),
  packages: (ws: string) => pathTo('uploadPackage', { ws }),
  plugins: (ws: string) => pathTo('listPlugins', { ws }),
  plugin: (ws: string, id: string) => pathTo('getPlugin', { ws, id }),
  pluginAction: (ws: string, id: string, action: keyof typeof PLUGIN_ACTIONS) =>
    pathTo(PLUGIN_ACTIONS[action], { ws, id }),
  pluginUpgradeDecision: (ws: string, id: string, decision: 'approve' | 'reject') =>
    pathTo(decision === 'approve' ? 'approveUpgrade' : 'rejectUpgrade', { ws, id }),
  pluginEvents: (ws: string, id: string) => pathTo('listPluginEvents', { ws, id }),
  pluginHealth: (ws: string, id: string) => pathTo('getPluginHealth', { ws, id }),
  pluginLogs: (ws: string, id: string) => pathTo('getPluginLogs', { ws, id }),
  pluginConfig: (ws: string, id: string) => pathTo('getPluginConfig', { ws, id }),
  pluginConfigCheck: (ws: string, id: string) => pathTo('checkPluginConfig', { ws, id }),
  pluginConfigHistory: (ws: string, id: string) => pathTo('listPluginConfigHistory', { ws, id }),
  pluginConfigRestore: (ws: string, id: string) => pathTo('restorePluginConfig', { ws, id }),
  marketplace: (ws: string) => pathTo('listMarketplace', { ws }),
  installs: (ws: string) => pathTo('installPlugins', { ws }),
  tasks: (ws: string) => pathTo('listTasks', { ws }),
  task: (ws: string, id: string) => pathTo('getTask', { ws, taskId: id }),
  taskCancel: (ws: string, id: string) => pathTo('cancelTask', { ws, taskId: id }),
  tasksClear: (ws: string) => pathTo('clearTasks', { ws }),
  sources: (ws: string) => pathTo('listSources', { ws }),
  source: (ws: string, id: string) => pathTo('removeSource', { ws, sourceId: id }),
  updates: (ws: string) => pathTo('listUpdates', { ws }),
  updatePolicy: (ws: string) => pathTo('getUpdatePolicy', { ws }),
  pluginPin: (ws: string, id: string) => pathTo('pinPlugin', { ws, id }),
  nodes: pathTo('listNodes', {}),
  nodeDrain: (name: string) => pathTo('drainNode', { name }),
}
