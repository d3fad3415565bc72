import { ENDPOINTS } from '../api/endpoints.ts'
import { type AUDIT_ACTIONS, BACKGROUND_TASK_ACTIONS } from './audit-actions.ts'

type AuditAction = (typeof AUDIT_ACTIONS)[number]

/**
 * The actions whose entry names the task it started (`details.taskId`): the task's end settles their
 * outcome. Derived rather than listed, so a new task-starting endpoint cannot leave its entries
 * unsettled: every audited endpoint answering 202 starts a task, plus the background jobs. A cancel
 * or clear names a task too, but is done when it answers (200/204).
 */
export const TASK_STARTING_ACTIONS: readonly AuditAction[] = [
  ...new Set<AuditAction>([
    ...Object.values(ENDPOINTS).flatMap((endpoint) =>
      endpoint.status === 202 && 'audit' in endpoint && endpoint.audit ? [endpoint.audit] : [],
    ),
    ...BACKGROUND_TASK_ACTIONS,
  ]),
]
