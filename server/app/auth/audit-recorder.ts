import type { Context } from 'hono'
import type { AuditAction } from '#core/api/audit-schemas.ts'
import { INSTANCE_WORKSPACE_ID } from '#core/auth/roles.ts'
import type { AccountStore, NewAuditEntry } from '#server/app/account-ports.ts'
import type { AppDeps } from '#server/app/ports.ts'
import { settleAudit } from '#server/app/tasks/task-runner.ts'
import { authOf } from './auth-context.ts'

type Details = Record<string, unknown>

/** Never into the log: secrets of the request or the answer (a registry source's token too). */
const SECRET_KEYS = new Set(['password', 'temporaryPassword', 'token', 'secret'])
/**
 * Actions whose body is not recorded at all: a configuration carries secret fields the recorder
 * cannot tell apart (the config history says which fields changed instead).
 */
const BODY_NOT_RECORDED = new Set<AuditAction>(['plugin.configure'])

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
 * The audit entry of a successful call of an audited route: who (the session's user), what (the
 * rule's action, the path's plugin/task/member, the body and query), when, from where.
 */
export async function auditEntryOf(
  c: Context,
  deps: AppDeps,
  action: AuditAction,
  params: Record<string, string>,
): Promise<NewAuditEntry> {
  const auth = authOf(c)
  // Hono caches the parsed body, so the route's own parse is reused here.
  const body = BODY_NOT_RECORDED.has(action) ? {} : withoutSecrets(await jsonOf(() => c.req.json()))
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
  // A call made with an API token says which: the actor alone would not tell a script from a person.
  if (auth.apiToken)
    Object.assign(details, { apiTokenId: auth.apiToken.id, apiTokenName: auth.apiToken.name })
  // An upload's body is the archive itself: record what it became instead.
  if (answer?.packageId) Object.assign(details, { packageId: answer.packageId, sha256: answer.sha256 })
  return {
    // Instance-wide actions (a node drained) show in the instance workspace's log, its operators'.
    workspaceId: params.ws ?? (auth.endpoint.access === 'operator' ? INSTANCE_WORKSPACE_ID : null),
    at: deps.clock.now().toISOString(),
    actorId: auth.user?.id ?? null,
    actorEmail: auth.user?.email ?? null,
    action,
    target: await targetOf(deps, action, params, answer),
    outcome: 'success',
    ip: auth.ip,
    details,
  }
}

/**
 * Writes the audit entry of a successful call, after the route answered; skipped when the use-case
 * wrote it itself, in the transaction of its own change (see `auditedIn`).
 */
export async function recordAudit(
  c: Context,
  deps: AppDeps,
  action: AuditAction,
  params: Record<string, string>,
): Promise<void> {
  if (authOf(c).audited) return
  try {
    const entry = await auditEntryOf(c, deps, action, params)
    await deps.accounts.appendAudit(entry)
    // The task may have ended before its entry existed (an instant step): settle it now.
    const taskId = entry.details.taskId
    if (params.ws && typeof taskId === 'string') await settleAudit(deps, params.ws, taskId)
  } catch (error) {
    console.error('[api] writing the audit log failed', error)
  }
}

/**
 * Runs a use-case's account writes and its audit entry in one transaction, so neither stays without
 * the other; the request is then marked so the access guard does not write the entry again.
 */
export async function auditedIn<T>(
  c: Context,
  deps: AppDeps,
  params: Record<string, string>,
  write: (accounts: AccountStore) => Promise<T | null>,
  /** What the request does not say but a reader needs (e.g. the name of what it deleted). */
  extraDetails: Details = {},
): Promise<T | null> {
  const auth = authOf(c)
  const action = auth.endpoint.audit
  if (!action) return write(deps.accounts)
  const entry = await auditEntryOf(c, deps, action, params)
  Object.assign(entry.details, extraDetails)
  const result = await deps.accounts.atomically(async (accounts) => {
    const done = await write(accounts)
    if (done !== null) await accounts.appendAudit(entry)
    return done
  })
  auth.audited = true
  return result
}

/**
 * What the entry is about, as a reader knows it: the plugin acted on (an install names the plugins
 * it installs), the task, the API token by id, or the member by email (their user id stays in the
 * details).
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
  if (action === 'node.drain') return params.name ?? null
  return params.id ?? params.taskId ?? params.tokenId ?? null
}
