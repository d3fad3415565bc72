import { Hono } from 'hono'
import { errorResponse, notFoundResponse } from './http/error-response.ts'
import type { AppDeps } from './ports.ts'
import { installRoutes } from './routes/install-routes.ts'
import { marketplaceRoutes } from './routes/marketplace-routes.ts'
import { pluginRoutes } from './routes/plugin-routes.ts'
import { taskRoutes } from './routes/task-routes.ts'
import { createServices } from './services/services.ts'

const WORKSPACE = '/api/workspaces/:ws'

/** The HTTP API over any set of deps: the real server and the MSW mocks run this same app. */
export function createApp(deps: AppDeps): Hono {
  const services = createServices(deps)
  const app = new Hono()
  app.onError(errorResponse)
  app.notFound(notFoundResponse)
  app.get('/api/health', (c) => c.json({ status: 'ok' }))
  app.route(`${WORKSPACE}/plugins`, pluginRoutes(services))
  app.route(`${WORKSPACE}/marketplace`, marketplaceRoutes(services))
  app.route(`${WORKSPACE}/installs`, installRoutes(services))
  app.route(`${WORKSPACE}/tasks`, taskRoutes(services))
  return app
}
