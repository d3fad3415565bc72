import type { TaskKind } from '#core/api/task-schemas.ts'
import type { OperationRun } from '../operation-run.ts'
import { runConfigure } from './configure-operation.ts'
import { runInstall } from './install-operation.ts'
import { runDisable, runEnable, runFailover, runRestart, runUninstall } from './lifecycle-operations.ts'
import { runReload } from './reload-operation.ts'
import { runApprove, runReject, runUpgrade } from './upgrade-operations.ts'

/** What runs one item of each task kind. */
export const OPERATIONS: Record<TaskKind, (run: OperationRun) => Promise<void>> = {
  install: runInstall,
  enable: runEnable,
  disable: runDisable,
  restart: runRestart,
  uninstall: runUninstall,
  upgrade: runUpgrade,
  approve: runApprove,
  reject: runReject,
  configure: runConfigure,
  reload: runReload,
  failover: runFailover,
}
