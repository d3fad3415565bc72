/** How `plugin dev` signs its requests: an API token (Bearer), or a browser session (tests, until tokens land). */
export type DevAuth = { token: string } | { cookie: string }

/** An answer outside 2xx, in the API's error shape. */
export class DevApiError extends Error {
  readonly status: number
  readonly code: string
  constructor(status: number, code: string, message: string) {
    super(message)
    this.name = 'DevApiError'
    this.status = status
    this.code = code
  }
}

export interface DevClient {
  /** A JSON request to a path under `/api/workspaces/<workspace>`; throws DevApiError outside 2xx. */
  // biome-ignore lint/suspicious/noExplicitAny: the caller names the answer it reads
  send<T = any>(method: string, path: string, body?: unknown): Promise<T>
}

/**
 * The few API calls `plugin dev` makes. The CSRF header goes with every request: the server asks
 * for it on a session's mutations and ignores it with a token.
 */
export function devClient(server: string, workspace: string, auth: DevAuth): DevClient {
  const base = `${server.replace(/\/+$/, '')}/api/workspaces/${encodeURIComponent(workspace)}`
  return {
    async send(method, path, body) {
      const headers: Record<string, string> = { 'x-requested-with': 'plugboard', accept: 'application/json' }
      if ('token' in auth) headers.authorization = `Bearer ${auth.token}`
      else headers.cookie = auth.cookie
      if (body !== undefined) headers['content-type'] = 'application/json'
      const response = await fetch(`${base}${path}`, {
        method,
        headers,
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      })
      const text = await response.text()
      const parsed = text ? (JSON.parse(text) as Record<string, unknown>) : null
      if (!response.ok) {
        const error = (parsed?.error ?? {}) as { code?: string; message?: string }
        throw new DevApiError(
          response.status,
          error.code ?? `HTTP_${response.status}`,
          error.message ?? `${method} ${path} answered ${response.status}`,
        )
      }
      return parsed as never
    },
  }
}
