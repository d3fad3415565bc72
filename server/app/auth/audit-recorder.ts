import type { Context } from 'hono'
import type { AuditAction } from '#core/api/audit-schemas.ts'
import type { AppDeps } from '#server/app/ports.ts'
import { authOf } from './auth-context.ts'

type Details = Record<string, unknown>

/** Never into the log: secrets of the request or the answer (a registry source's token too). */
const SECRET_KEYS = new Set(['password', 'temporaryPassword', 'token'])

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
    task?: { id?: string }
    member?: { id?: string }
    packageId?: string
    sha256?: string
  } | null
  const query = c.req.query()
  const details: Details = { ...query, ...body }
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
      target: params.id ?? params.taskId ?? params.userId ?? answer?.member?.id ?? null,
      outcome: 'success',
      ip: auth.ip,
      details,
    })
  } catch (error) {
    console.error('[api] writing the audit log failed', error)
  }
}
