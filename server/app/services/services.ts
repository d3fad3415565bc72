import type { AppDeps } from '#server/app/ports.ts'
import { taskRunnerFor } from '#server/app/tasks/task-runner.ts'
import { createConfigService } from './config-service.ts'
import { createDevService } from './dev-service.ts'
import { createInstallService } from './install-service.ts'
import { createMarketplaceService } from './marketplace-service.ts'
import { createPluginService } from './plugin-service.ts'
import { createSourceService } from './source-service.ts'
import { createTaskService } from './task-service.ts'
import { createUpdateService } from './update-service.ts'

/** Every use-case of the app over one set of deps (and their one task runner). */
export function createServices(deps: AppDeps) {
  const runner = taskRunnerFor(deps)
  const installs = createInstallService(deps, runner)
  return {
    plugins: createPluginService(deps, runner),
    config: createConfigService(deps, runner),
    installs,
    dev: createDevService(deps, installs),
    tasks: createTaskService(deps, runner),
    marketplace: createMarketplaceService(deps),
    sources: createSourceService(deps),
    updates: createUpdateService(deps, runner),
    runner,
  }
}

export type Services = ReturnType<typeof createServices>
