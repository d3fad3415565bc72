import type { AuditEntry } from '#core/api/audit-schemas.ts'
import type { Role } from '#core/api/auth-schemas.ts'
import type { Member } from '#core/api/workspace-schemas.ts'
import { TASK_STARTING_ACTIONS } from '#core/audit/task-starting-actions.ts'
import type {
  AccountStore,
  ApiTokenRecord,
  MembershipChange,
  SessionRecord,
  UserRecord,
  WorkspaceRecord,
} from '#server/app/account-ports.ts'
import { filterAudit } from './memory-audit.ts'

const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0)

interface Membership {
  role: Role
  joinedAt: string
}

/** The AccountStore in memory (mocks and fast tests); the SQL store matches it by conformance. */
export function createMemoryAccountStore(): AccountStore {
  const users = new Map<string, UserRecord>()
  const sessions = new Map<string, SessionRecord>()
  const workspaces = new Map<string, WorkspaceRecord>()
  // workspaceId → userId → membership
  const memberships = new Map<string, Map<string, Membership>>()
  const audit: AuditEntry[] = []
  const apiTokens = new Map<string, ApiTokenRecord>()
  const membersOf = (workspaceId: string) => {
    const members = memberships.get(workspaceId) ?? new Map<string, Membership>()
    memberships.set(workspaceId, members)
    return members
  }
  const emailTaken = (email: string) => [...users.values()].some((user) => user.email === email)
  const owners = (workspaceId: string) =>
    [...membersOf(workspaceId).values()].filter((member) => member.role === 'owner').length
  /** A copy of every table, to put back when an `atomically` block throws. */
  const snapshot = () => {
    const copy = <V extends object>(map: Map<string, V>) =>
      new Map([...map].map(([key, value]) => [key, { ...value }]))
    return {
      users: copy(users),
      sessions: copy(sessions),
      workspaces: copy(workspaces),
      memberships: new Map([...memberships].map(([id, members]) => [id, copy(members)])),
      apiTokens: copy(apiTokens),
      audit: [...audit],
    }
  }
  const restore = (saved: ReturnType<typeof snapshot>) => {
    const refill = <V>(map: Map<string, V>, from: Map<string, V>) => {
      map.clear()
      for (const [key, value] of from) map.set(key, value)
    }
    refill(users, saved.users)
    refill(sessions, saved.sessions)
    refill(workspaces, saved.workspaces)
    refill(memberships, saved.memberships)
    refill(apiTokens, saved.apiTokens)
    audit.splice(0, audit.length, ...saved.audit)
  }
  const store: AccountStore = {
    // In memory, a failed block puts every table back as it was (writes of other requests made
    // meanwhile included: the mocks serve one browser, so there are none in practice).
    async atomically(fn) {
      const saved = snapshot()
      try {
        return await fn(store)
      } catch (error) {
        restore(saved)
        throw error
      }
    },
    async setupOwner(user, workspace) {
      if (users.size > 0) return false
      users.set(user.id, { ...user })
      await store.createWorkspace(workspace, user.id)
      return true
    },
    async hasUsers() {
      return users.size > 0
    },
    async createUser(user) {
      if (users.has(user.id) || emailTaken(user.email)) return false
      users.set(user.id, { ...user })
      return true
    },
    async getUser(id) {
      const user = users.get(id)
      return user ? { ...user } : null
    },
    async findUserByEmail(email) {
      const user = [...users.values()].find((candidate) => candidate.email === email)
      return user ? { ...user } : null
    },
    async setPasswordHash(userId, passwordHash) {
      const user = users.get(userId)
      if (user) user.passwordHash = passwordHash
      return Boolean(user)
    },
    async createSession(session) {
      sessions.set(session.id, { ...session })
    },
    async getSession(id) {
      const session = sessions.get(id)
      return session ? { ...session } : null
    },
    async deleteSession(id) {
      sessions.delete(id)
    },
    async deleteUserSessions(userId, exceptId) {
      const doomed = [...sessions.values()].filter(
        (session) => session.userId === userId && session.id !== exceptId,
      )
      for (const session of doomed) sessions.delete(session.id)
      return doomed.length
    },
    async deleteExpiredSessions(before) {
      const doomed = [...sessions.values()].filter(
        (session) => Date.parse(session.expiresAt) < Date.parse(before),
      )
      for (const session of doomed) sessions.delete(session.id)
      return doomed.length
    },
    async createWorkspace(workspace, ownerId) {
      workspaces.set(workspace.id, { ...workspace })
      membersOf(workspace.id).set(ownerId, { role: 'owner', joinedAt: workspace.createdAt })
    },
    async getWorkspace(id) {
      const workspace = workspaces.get(id)
      return workspace ? { ...workspace } : null
    },
    async updateWorkspace(id, patch) {
      const workspace = workspaces.get(id)
      if (!workspace) return null
      Object.assign(workspace, patch)
      return { ...workspace }
    },
    async listWorkspaceIds() {
      return [...workspaces.keys()].sort(compare)
    },
    async listUserWorkspaces(userId) {
      return [...memberships.entries()]
        .flatMap(([workspaceId, members]) => {
          const member = members.get(userId)
          const workspace = workspaces.get(workspaceId)
          return member && workspace ? [{ workspace: { ...workspace }, role: member.role }] : []
        })
        .sort(
          (a, b) => compare(a.workspace.name, b.workspace.name) || compare(a.workspace.id, b.workspace.id),
        )
    },
    async getRole(workspaceId, userId) {
      return memberships.get(workspaceId)?.get(userId)?.role ?? null
    },
    async listMembers(workspaceId) {
      const members: Member[] = []
      for (const [userId, membership] of membersOf(workspaceId)) {
        const user = users.get(userId)
        if (user)
          members.push({
            id: user.id,
            email: user.email,
            name: user.name,
            role: membership.role,
            joinedAt: membership.joinedAt,
          })
      }
      return members.sort((a, b) => (a.email < b.email ? -1 : 1))
    },
    async addMember(workspaceId, userId, role, at) {
      const members = membersOf(workspaceId)
      if (members.has(userId)) return false
      members.set(userId, { role, joinedAt: at })
      return true
    },
    async setRole(workspaceId, userId, role): Promise<MembershipChange> {
      const member = membersOf(workspaceId).get(userId)
      if (!member) return 'not_found'
      if (member.role === 'owner' && role !== 'owner' && owners(workspaceId) === 1) return 'last_owner'
      member.role = role
      return 'ok'
    },
    async removeMember(workspaceId, userId): Promise<MembershipChange> {
      const members = membersOf(workspaceId)
      const member = members.get(userId)
      if (!member) return 'not_found'
      if (member.role === 'owner' && owners(workspaceId) === 1) return 'last_owner'
      members.delete(userId)
      for (const token of [...apiTokens.values()]) {
        if (token.workspaceId === workspaceId && token.userId === userId) apiTokens.delete(token.id)
      }
      return 'ok'
    },
    async createApiToken(token) {
      apiTokens.set(token.id, { ...token })
    },
    async findApiToken(hash) {
      const token = [...apiTokens.values()].find((candidate) => candidate.hash === hash)
      return token ? { ...token } : null
    },
    async listApiTokens(workspaceId, userId) {
      return [...apiTokens.values()]
        .filter((token) => token.workspaceId === workspaceId && (!userId || token.userId === userId))
        .sort((a, b) => compare(a.createdAt, b.createdAt) || compare(a.id, b.id))
        .map((token) => ({ ...token }))
    },
    async deleteApiToken(workspaceId, id) {
      const token = apiTokens.get(id)
      if (!token || token.workspaceId !== workspaceId) return null
      apiTokens.delete(id)
      return { ...token }
    },
    async touchApiToken(id, at) {
      const token = apiTokens.get(id)
      if (token) token.lastUsedAt = at
    },
    async appendAudit(entry) {
      const saved: AuditEntry = { ...entry, id: String(audit.length + 1) }
      audit.push(saved)
      return { ...saved }
    },
    async settleAuditTask(workspaceId, taskId, status) {
      for (const entry of audit) {
        if (entry.workspaceId !== workspaceId || entry.details.taskId !== taskId) continue
        if (!TASK_STARTING_ACTIONS.includes(entry.action)) continue
        entry.details = { ...entry.details, taskStatus: status }
        if (status !== 'success') entry.outcome = 'failure'
      }
    },
    async listAudit(workspaceId, query) {
      const members = membersOf(workspaceId)
      const visible = audit.filter(
        (entry) =>
          entry.workspaceId === workspaceId ||
          (entry.workspaceId === null && entry.actorId !== null && members.has(entry.actorId)),
      )
      return filterAudit(visible, query)
    },
  }
  return store
}
