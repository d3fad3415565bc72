import type { Role } from '#core/api/auth-schemas.ts'
import type { Endpoint } from '#core/api/endpoint-types.ts'
import { ROLES } from '#core/auth/roles.ts'

/**
 * Whether an API token may call the endpoint: only inside a workspace (a token belongs to one, so
 * never the server's own operations such as the nodes), and not the endpoints that need a person
 * signed in (`sessionOnly`: tokens themselves, the stream).
 */
export function acceptsApiToken(endpoint: Endpoint): boolean {
  const inWorkspace =
    endpoint.access !== 'public' && endpoint.access !== 'authenticated' && endpoint.access !== 'operator'
  return inWorkspace && !endpoint.sessionOnly
}

/** A token acts with its own role, and never more than its owner has now: the weaker of the two. */
export function weakerRole(a: Role, b: Role): Role {
  return ROLES.indexOf(a) <= ROLES.indexOf(b) ? a : b
}
