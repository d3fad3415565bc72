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
 * The few API calls `plugin dev` makes, signed with an API token (`Authorization: Bearer`): no
 * session cookie, and so no CSRF header.
 */
export function devClient(server: string, workspace: string, token: string): DevClient {
  const base = `${server.replace(/\/+$/, '')}/api/workspaces/${encodeURIComponent(workspace)}`
  return {
    async send(method, path, body) {
      const headers: Record<string, string> = { authorization: `Bearer ${token}`, accept: 'application/json' }
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
