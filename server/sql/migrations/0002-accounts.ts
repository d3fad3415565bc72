import type { Migration } from '../migrate.ts'

/**
 * Accounts: users, sessions, memberships per workspace, workspace settings and the audit log.
 * Workspace rows may predate this (the plugin store creates them on first use): they get a name
 * and the default install policy.
 */
export const accountsSchema: Migration = {
  version: 2,
  name: 'accounts',
  statements: [
    `ALTER TABLE workspaces ADD COLUMN name text NOT NULL DEFAULT ''`,
    `ALTER TABLE workspaces ADD COLUMN install_policy text NOT NULL DEFAULT 'admins'
      CHECK (install_policy IN ('everyone', 'admins', 'nobody'))`,
    `CREATE TABLE users (
      id text PRIMARY KEY,
      email text NOT NULL,
      name text NOT NULL,
      password_hash text NOT NULL,
      created_at timestamptz NOT NULL
    )`,
    'CREATE UNIQUE INDEX users_email ON users (email)',
    `CREATE TABLE sessions (
      id text PRIMARY KEY,
      user_id text NOT NULL REFERENCES users (id) ON DELETE CASCADE,
      created_at timestamptz NOT NULL,
      expires_at timestamptz NOT NULL
    )`,
    'CREATE INDEX sessions_user ON sessions (user_id)',
    'CREATE INDEX sessions_expires ON sessions (expires_at)',
    `CREATE TABLE memberships (
      workspace_id text NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
      user_id text NOT NULL REFERENCES users (id) ON DELETE CASCADE,
      role text NOT NULL CHECK (role IN ('owner', 'admin', 'member')),
      joined_at timestamptz NOT NULL,
      PRIMARY KEY (workspace_id, user_id)
    )`,
    'CREATE INDEX memberships_user ON memberships (user_id)',
    // workspace_id is null for sign-ins: they belong to the person, shown in their workspaces' logs.
    `CREATE TABLE audit_log (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      workspace_id text REFERENCES workspaces (id) ON DELETE CASCADE,
      at timestamptz NOT NULL,
      actor_id text,
      actor_email text,
      action text NOT NULL,
      target text,
      outcome text NOT NULL CHECK (outcome IN ('success', 'failure')),
      ip text,
      details jsonb NOT NULL DEFAULT '{}'
    )`,
    'CREATE INDEX audit_workspace_at ON audit_log (workspace_id, at DESC, id DESC)',
    'CREATE INDEX audit_sign_ins ON audit_log (actor_id, at DESC) WHERE workspace_id IS NULL',
  ],
}
