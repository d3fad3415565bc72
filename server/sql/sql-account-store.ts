import type { Role } from '#core/api/auth-schemas.ts'
import type { Member } from '#core/api/workspace-schemas.ts'
import type { AccountStore, SessionRecord, UserRecord, WorkspaceRecord } from '#server/app/account-ports.ts'
import { type Db, sqlStateOf, UNIQUE_VIOLATION } from './db.ts'
import { createSqlApiTokenMethods } from './sql-api-tokens.ts'
import { createSqlAuditMethods } from './sql-audit-store.ts'
import { changeMembership, insertWorkspace } from './sql-memberships.ts'
import { isoOf } from './sql-values.ts'

type Row = Record<string, unknown>

const userOf = (row: Row): UserRecord => ({
  id: row.id as string,
  email: row.email as string,
  name: row.name as string,
  passwordHash: row.password_hash as string,
  createdAt: isoOf(row.created_at),
})
const sessionOf = (row: Row): SessionRecord => ({
  id: row.id as string,
  userId: row.user_id as string,
  createdAt: isoOf(row.created_at),
  expiresAt: isoOf(row.expires_at),
})
const workspaceOf = (row: Row): WorkspaceRecord => ({
  id: row.id as string,
  name: row.name as string,
  installPolicy: row.install_policy as WorkspaceRecord['installPolicy'],
  createdAt: isoOf(row.created_at),
})

async function insertUser(db: Db, user: UserRecord): Promise<boolean> {
  try {
    await db.query(
      'INSERT INTO users (id, email, name, password_hash, created_at) VALUES ($1, $2, $3, $4, $5)',
      [user.id, user.email, user.name, user.passwordHash, user.createdAt],
    )
    return true
  } catch (error) {
    if (sqlStateOf(error) === UNIQUE_VIOLATION) return false
    throw error
  }
}

/** The AccountStore over SQL (PGlite or PostgreSQL), checked by the account conformance suite. */
export function createSqlAccountStore(db: Db): AccountStore {
  const one = async <T>(sql: string, params: readonly unknown[], map: (row: Row) => T): Promise<T | null> => {
    const { rows } = await db.query<Row>(sql, params)
    return rows[0] ? map(rows[0]) : null
  }
  return {
    atomically: (fn) => db.transaction((tx) => fn(createSqlAccountStore(tx))),
    async setupOwner(user, workspace) {
      return db.transaction(async (tx) => {
        // Two first runs at once: the second waits here, then finds the first one's user.
        await tx.query('LOCK TABLE users IN EXCLUSIVE MODE')
        const { rows } = await tx.query('SELECT 1 FROM users LIMIT 1')
        if (rows.length > 0) return false
        await insertUser(tx, user)
        await insertWorkspace(tx, workspace, user.id)
        return true
      })
    },
    async hasUsers() {
      return (await db.query('SELECT 1 FROM users LIMIT 1')).rows.length > 0
    },
    createUser: (user) => insertUser(db, user),
    getUser: (id) => one('SELECT * FROM users WHERE id = $1', [id], userOf),
    findUserByEmail: (email) => one('SELECT * FROM users WHERE email = $1', [email], userOf),
    async setPasswordHash(userId, passwordHash) {
      const { rows } = await db.query('UPDATE users SET password_hash = $2 WHERE id = $1 RETURNING id', [
        userId,
        passwordHash,
      ])
      return rows.length > 0
    },
    async createSession(session) {
      await db.query('INSERT INTO sessions (id, user_id, created_at, expires_at) VALUES ($1, $2, $3, $4)', [
        session.id,
        session.userId,
        session.createdAt,
        session.expiresAt,
      ])
    },
    getSession: (id) => one('SELECT * FROM sessions WHERE id = $1', [id], sessionOf),
    async deleteSession(id) {
      await db.query('DELETE FROM sessions WHERE id = $1', [id])
    },
    async deleteUserSessions(userId, exceptId) {
      const { rows } = await db.query('DELETE FROM sessions WHERE user_id = $1 AND id <> $2 RETURNING id', [
        userId,
        exceptId ?? '',
      ])
      return rows.length
    },
    async deleteExpiredSessions(before) {
      const { rows } = await db.query('DELETE FROM sessions WHERE expires_at < $1 RETURNING id', [before])
      return rows.length
    },
    createWorkspace: (workspace, ownerId) => insertWorkspace(db, workspace, ownerId),
    getWorkspace: (id) =>
      one(
        // Only workspaces someone belongs to exist for accounts (not rows the plugin store made).
        'SELECT * FROM workspaces w WHERE id = $1 AND EXISTS (SELECT 1 FROM memberships m WHERE m.workspace_id = w.id)',
        [id],
        workspaceOf,
      ),
    updateWorkspace: (id, patch) =>
      one(
        `UPDATE workspaces SET name = COALESCE($2, name), install_policy = COALESCE($3, install_policy)
         WHERE id = $1 RETURNING *`,
        [id, patch.name ?? null, patch.installPolicy ?? null],
        workspaceOf,
      ),
    async listWorkspaceIds() {
      const { rows } = await db.query<Row>('SELECT id FROM workspaces ORDER BY id COLLATE "C"')
      return rows.map((row) => String(row.id))
    },
    async listUserWorkspaces(userId) {
      const { rows } = await db.query<Row>(
        `SELECT w.*, m.role FROM memberships m JOIN workspaces w ON w.id = m.workspace_id
         WHERE m.user_id = $1 ORDER BY w.name COLLATE "C", w.id COLLATE "C"`,
        [userId],
      )
      return rows.map((row) => ({ workspace: workspaceOf(row), role: row.role as Role }))
    },
    getRole: (workspaceId, userId) =>
      one(
        'SELECT role FROM memberships WHERE workspace_id = $1 AND user_id = $2',
        [workspaceId, userId],
        (row) => row.role as Role,
      ),
    async listMembers(workspaceId) {
      const { rows } = await db.query<Row>(
        `SELECT u.id, u.email, u.name, m.role, m.joined_at FROM memberships m JOIN users u ON u.id = m.user_id
         WHERE m.workspace_id = $1 ORDER BY u.email COLLATE "C"`,
        [workspaceId],
      )
      return rows.map(
        (row): Member => ({
          id: row.id as string,
          email: row.email as string,
          name: row.name as string,
          role: row.role as Role,
          joinedAt: isoOf(row.joined_at),
        }),
      )
    },
    async addMember(workspaceId, userId, role, at) {
      const { rows } = await db.query(
        `INSERT INTO memberships (workspace_id, user_id, role, joined_at) VALUES ($1, $2, $3, $4)
         ON CONFLICT DO NOTHING RETURNING user_id`,
        [workspaceId, userId, role, at],
      )
      return rows.length > 0
    },
    setRole: (workspaceId, userId, role) => changeMembership(db, workspaceId, userId, { role }),
    removeMember: (workspaceId, userId) => changeMembership(db, workspaceId, userId, 'remove'),
    ...createSqlApiTokenMethods(db),
    ...createSqlAuditMethods(db),
  }
}
