import type { Context } from 'hono'
import type { AuditAction } from '#core/api/audit-schemas.ts'
import type { AppDeps } from '#server/app/ports.ts'
import { settleAudit } from '#server/app/tasks/task-runner.ts'
import { authOf } from './auth-context.ts'

type Details = Record<string, unknown>

/** Never into the log: secrets of the request or the answer. */
const SECRET_KEYS = new Set(['password', 'temporaryPassword'])

const withoutSecrets = (value: unknown): Details =>
  value && typeof value === 'object' && !Array.isArray(value)
    ? Object.fromEntries(Object.entries(value).filter(([key]) => !SECRET_KEYS.has(key)))
    : {}

async function jsonOf(read: () => Promise<unknown>): Promise<unknown> {
  try {
    return await read()
  } catch {
    return null
  }
}

/**
 * Writes the audit entry of a successful call of an audited route: who (the session's user),
 * what (the rule's action, the path's plugin/task/member, the body and query), when, from where.
 */
export async function recordAudit(
  c: Context,
  deps: AppDeps,
  action: AuditAction,
  params: Record<string, string>,
): Promise<void> {
  const auth = authOf(c)
  // Hono caches the parsed body, so the route's own parse is reused here.
  const body = withoutSecrets(await jsonOf(() => c.req.json()))
  const answer = (await jsonOf(() => c.res.clone().json())) as {
    task?: { id?: string; items?: { pluginRef?: string }[] }
    member?: { id?: string; email?: string }
    packageId?: string
    sha256?: string
  } | null
  const query = c.req.query()
  const details: Details = { ...query, ...body }
  const memberId = params.userId ?? answer?.member?.id
  if (memberId) details.userId = memberId
  if (answer?.task?.id) details.taskId = answer.task.id
  // An upload's body is the archive itself: record what it became instead.
  if (answer?.packageId) Object.assign(details, { packageId: answer.packageId, sha256: answer.sha256 })
  try {
    await deps.accounts.appendAudit({
      workspaceId: params.ws ?? null,
      at: deps.clock.now().toISOString(),
      actorId: auth.user?.id ?? null,
      actorEmail: auth.user?.email ?? null,
      action,
      target: await targetOf(deps, action, params, answer),
      outcome: 'success',
      ip: auth.ip,
      details,
    })
    // The task may have ended before its entry existed (an instant step): settle it now.
    if (params.ws && answer?.task?.id) await settleAudit(deps, params.ws, answer.task.id)
  } catch (error) {
    console.error('[api] writing the audit log failed', error)
  }
}

/**
 * What the entry is about, as a reader knows it: the plugin acted on (an install names the plugins
 * it installs), the task, or the member by email (their user id stays in the details).
 */
async function targetOf(
  deps: AppDeps,
  action: AuditAction,
  params: Record<string, string>,
  answer: { task?: { items?: { pluginRef?: string }[] }; member?: { id?: string; email?: string } } | null,
): Promise<string | null> {
  if (action === 'plugin.install') {
    const refs = (answer?.task?.items ?? []).flatMap((item) => (item.pluginRef ? [item.pluginRef] : []))
    return refs.length > 0 ? refs.join(', ') : null
  }
  const memberId = params.userId ?? answer?.member?.id
  if (memberId) {
    const email = answer?.member?.email ?? (await deps.accounts.getUser(memberId))?.email
    return email ?? memberId
  }
  return params.id ?? params.taskId ?? null
}
