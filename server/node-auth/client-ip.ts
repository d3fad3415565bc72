import type { IncomingMessage } from 'node:http'

/**
 * The client's address from @hono/node-server's bindings (`env.incoming`). Proxies' headers are
 * not trusted: behind a reverse proxy this is the proxy's address (decision 0005).
 */
export function clientIpFromNode(_request: Request, env: unknown): string | null {
  const incoming = (env as { incoming?: IncomingMessage } | undefined)?.incoming
  return incoming?.socket?.remoteAddress ?? null
}
