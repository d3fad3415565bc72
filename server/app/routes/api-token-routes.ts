import { paramOf, workspaceOf } from '#server/app/http/request-input.ts'
import type { AppDeps } from '#server/app/ports.ts'
import type { EndpointHandlers } from '#server/app/register-endpoints.ts'
import { createApiTokenService } from '#server/app/services/api-token-service.ts'

/** `/api/workspaces/:ws/tokens`: personal API tokens. */
export function apiTokenHandlers(
  deps: AppDeps,
): EndpointHandlers<'listApiTokens' | 'createApiToken' | 'revokeApiToken'> {
  const tokens = createApiTokenService(deps)
  return {
    listApiTokens: (c) => tokens.list(c, workspaceOf(c)),
    createApiToken: (c, { body }) => tokens.create(c, workspaceOf(c), body),
    revokeApiToken: (c) => tokens.revoke(c, workspaceOf(c), paramOf(c, 'tokenId')),
  }
}
