import { Hono } from 'hono'
import { ENDPOINTS } from '#core/api/endpoints.ts'
import { accessGuard } from './auth/access-guard.ts'
import { errorResponse, notFoundResponse } from './http/error-response.ts'
import { readyResponse } from './http/ready-response.ts'
import { requestGuard } from './http/request-guard.ts'
import { securityHeaders } from './http/security-headers.ts'
import { buildOpenApiDocument } from './openapi/openapi-document.ts'
import type { AppDeps } from './ports.ts'
import { registerEndpoints } from './register-endpoints.ts'
import { apiTokenHandlers } from './routes/api-token-routes.ts'
import { authHandlers } from './routes/auth-routes.ts'
import { configHandlers } from './routes/config-routes.ts'
import { installHandlers } from './routes/install-routes.ts'
import { marketplaceHandlers } from './routes/marketplace-routes.ts'
import { memberHandlers } from './routes/member-routes.ts'
import { nodeHandlers } from './routes/node-routes.ts'
import { packageHandlers, uploadGuard } from './routes/package-routes.ts'
import { pluginHandlers } from './routes/plugin-routes.ts'
import { sourceHandlers } from './routes/source-routes.ts'
import { streamHandlers } from './routes/stream-routes.ts'
import { taskHandlers } from './routes/task-routes.ts'
import { updateHandlers } from './routes/update-routes.ts'
import { workspaceHandlers } from './routes/workspace-routes.ts'
import { createAccountService } from './services/account-service.ts'
import { createServices } from './services/services.ts'

/**
 * The HTTP API over any set of deps: the real server and the MSW mocks run this same app. Every
 * /api request passes the request guard first (well-formed text, JSON bodies within the cap; see
 * http/request-guard.ts), then the access guard (endpoint table, CSRF, session, role; see
 * core/api/endpoints.ts); each endpoint of the table has its handler, and every response carries
 * the security headers.
 */
export function createApp(deps: AppDeps, { version = '0.0.0' }: { version?: string } = {}): Hono {
  const services = createServices(deps)
  let openApi: ReturnType<typeof buildOpenApiDocument> | undefined
  const app = new Hono()
  app.onError(errorResponse)
  app.notFound(notFoundResponse)
  app.use('*', securityHeaders())
  app.use(
    '/api/*',
    requestGuard({ maxJsonBytes: deps.maxJsonBytes, uploadRoutes: [ENDPOINTS.uploadPackage.path] }),
  )
  app.use('/api/*', accessGuard(deps))
  registerEndpoints(
    app,
    {
      getHealth: () => ({ status: 'ok' }),
      getReadiness: (c) => readyResponse(c, deps),
      getOpenApiDocument: () => (openApi ??= buildOpenApiDocument(version)),
      ...authHandlers(createAccountService(deps)),
      ...workspaceHandlers(deps),
      ...memberHandlers(deps),
      ...apiTokenHandlers(deps),
      ...nodeHandlers(deps),
      ...pluginHandlers(services),
      ...configHandlers(services),
      ...marketplaceHandlers(services),
      ...packageHandlers(deps),
      ...installHandlers(services),
      ...taskHandlers(services),
      ...streamHandlers(deps),
      ...sourceHandlers(services),
      ...updateHandlers(services),
    },
    { uploadPackage: uploadGuard(deps) },
  )
  return app
}
