import { Hono } from 'hono'
import { accessGuard } from './auth/access-guard.ts'
import { errorResponse, notFoundResponse } from './http/error-response.ts'
import { securityHeaders } from './http/security-headers.ts'
import type { AppDeps } from './ports.ts'
import { authRoutes } from './routes/auth-routes.ts'
import { installRoutes } from './routes/install-routes.ts'
import { marketplaceRoutes } from './routes/marketplace-routes.ts'
import { memberRoutes } from './routes/member-routes.ts'
import { packageRoutes } from './routes/package-routes.ts'
import { pluginRoutes } from './routes/plugin-routes.ts'
import { sourceRoutes } from './routes/source-routes.ts'
import { taskRoutes } from './routes/task-routes.ts'
import { pinRoutes, updateRoutes } from './routes/update-routes.ts'
import { workspaceAdminRoutes, workspaceListRoutes } from './routes/workspace-routes.ts'
import { createAccountService } from './services/account-service.ts'
import { createServices } from './services/services.ts'

const WORKSPACE = '/api/workspaces/:ws'

/**
 * The HTTP API over any set of deps: the real server and the MSW mocks run this same app. Every
 * /api request passes the access guard first (route table, CSRF, session, role; see
 * auth/route-table.ts), and every response carries the security headers.
 */
export function createApp(deps: AppDeps): Hono {
  const services = createServices(deps)
  const app = new Hono()
  app.onError(errorResponse)
  app.notFound(notFoundResponse)
  app.use('*', securityHeaders())
  app.use('/api/*', accessGuard(deps))
  app.get('/api/health', (c) => c.json({ status: 'ok' }))
  app.route('/api/auth', authRoutes(createAccountService(deps)))
  app.route('/api/workspaces', workspaceListRoutes(deps))
  app.route(WORKSPACE, workspaceAdminRoutes(deps))
  app.route(`${WORKSPACE}/members`, memberRoutes(deps))
  app.route(`${WORKSPACE}/plugins`, pluginRoutes(services))
  app.route(`${WORKSPACE}/marketplace`, marketplaceRoutes(services))
  app.route(`${WORKSPACE}/packages`, packageRoutes(deps))
  app.route(`${WORKSPACE}/installs`, installRoutes(services))
  app.route(`${WORKSPACE}/tasks`, taskRoutes(services))
  app.route(`${WORKSPACE}/sources`, sourceRoutes(services))
  app.route(`${WORKSPACE}/updates`, updateRoutes(services))
  app.route(`${WORKSPACE}/plugins`, pinRoutes(services))
  return app
}
