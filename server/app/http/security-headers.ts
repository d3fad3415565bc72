import type { MiddlewareHandler } from 'hono'
import { secureHeaders } from 'hono/secure-headers'
import { FIRST_LIST_SCRIPT_HASH } from '#core/web/first-list-script.ts'

/**
 * Strict headers for every response, API and SPA alike: scripts only from our own origin and the
 * one inline script allowed by its hash (index.html's early plugin list request), no framing, no
 * MIME sniffing, no referrer beyond the origin. Inline styles stay allowed for component libraries' style props. The MSW worker is a same-origin
 * script, so mock mode works under the same policy.
 */
export function securityHeaders(): MiddlewareHandler {
  return secureHeaders({
    crossOriginEmbedderPolicy: false,
    referrerPolicy: 'strict-origin-when-cross-origin',
    xFrameOptions: 'DENY',
    contentSecurityPolicy: {
      defaultSrc: ["'self'"],
      scriptSrc: ["'self'", FIRST_LIST_SCRIPT_HASH],
      styleSrc: ["'self'", "'unsafe-inline'"],
      imgSrc: ["'self'", 'data:'],
      connectSrc: ["'self'"],
      workerSrc: ["'self'"],
      objectSrc: ["'none'"],
      baseUri: ["'self'"],
      formAction: ["'self'"],
      frameAncestors: ["'none'"],
    },
  })
}
