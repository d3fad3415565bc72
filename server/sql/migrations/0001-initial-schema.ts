import type { Migration } from '../migrate.ts'

const PLUGIN_STATUSES = `'installed', 'ready', 'disabled', 'error', 'upgrade_pending', 'uninstalled'`
const TASK_STATUSES = `'pending', 'running', 'success', 'failed', 'cancelled'`

/** Workspaces, plugins (with kept versions and events), tasks and their items. Every row carries its workspace. */
export const initialSchema: Migration = {
  version: 1,
  name: 'initial-schema',
  statements: [
    `CREATE TABLE workspaces (
      id text PRIMARY KEY,
      created_at timestamptz NOT NULL DEFAULT now()
    )`,
    `CREATE TABLE plugins (
      workspace_id text NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
      id text NOT NULL,
      plugin_ref text NOT NULL,
      name text NOT NULL,
      version text NOT NULL,
      description text NOT NULL DEFAULT '',
      author text NOT NULL DEFAULT '',
      icon text,
      categories jsonb NOT NULL DEFAULT '[]',
      capabilities jsonb NOT NULL DEFAULT '[]',
      approved_capabilities jsonb NOT NULL DEFAULT '[]',
      status text NOT NULL CHECK (status IN (${PLUGIN_STATUSES})),
      health text NOT NULL,
      modules jsonb NOT NULL DEFAULT '[]',
      source jsonb NOT NULL,
      last_error text,
      active_task_id text,
      pending_upgrade jsonb,
      revision integer NOT NULL DEFAULT 0,
      installed_at timestamptz NOT NULL,
      updated_at timestamptz NOT NULL,
      PRIMARY KEY (workspace_id, id),
      -- One installation per plugin per workspace: two concurrent installs collide here.
      UNIQUE (workspace_id, plugin_ref)
    )`,
    'CREATE INDEX plugins_workspace_status ON plugins (workspace_id, status)',
    // Names sort case-insensitively by code point, ties by id (the memory store's rule).
    'CREATE INDEX plugins_workspace_name ON plugins (workspace_id, lower(name) COLLATE "C", id COLLATE "C")',
    'CREATE INDEX plugins_workspace_updated ON plugins (workspace_id, updated_at, id)',
    `CREATE TABLE plugin_versions (
      workspace_id text NOT NULL,
      plugin_id text NOT NULL,
      version text NOT NULL,
      capabilities jsonb NOT NULL DEFAULT '[]',
      source jsonb,
      kept_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (workspace_id, plugin_id, version),
      FOREIGN KEY (workspace_id, plugin_id) REFERENCES plugins (workspace_id, id) ON DELETE CASCADE
    )`,
    `CREATE TABLE tasks (
      workspace_id text NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
      id text NOT NULL,
      kind text NOT NULL,
      status text NOT NULL CHECK (status IN (${TASK_STATUSES})),
      cancel_requested boolean NOT NULL DEFAULT false,
      actor text NOT NULL,
      succeeded integer NOT NULL DEFAULT 0,
      failed integer NOT NULL DEFAULT 0,
      cancelled integer NOT NULL DEFAULT 0,
      total integer NOT NULL DEFAULT 0,
      created_at timestamptz NOT NULL,
      updated_at timestamptz NOT NULL,
      finished_at timestamptz,
      PRIMARY KEY (workspace_id, id)
    )`,
    'CREATE INDEX tasks_workspace_created ON tasks (workspace_id, created_at DESC, id DESC)',
    `CREATE INDEX tasks_active ON tasks (created_at) WHERE status IN ('pending', 'running')`,
    'CREATE INDEX tasks_finished ON tasks (finished_at) WHERE finished_at IS NOT NULL',
    `CREATE TABLE task_items (
      workspace_id text NOT NULL,
      task_id text NOT NULL,
      id text NOT NULL,
      position integer NOT NULL,
      plugin_id text NOT NULL,
      plugin_ref text NOT NULL,
      plugin_name text NOT NULL,
      version text,
      status text NOT NULL CHECK (status IN (${TASK_STATUSES})),
      step text,
      progress integer NOT NULL DEFAULT 0 CHECK (progress BETWEEN 0 AND 100),
      message text,
      error jsonb,
      params jsonb,
      started_at timestamptz,
      finished_at timestamptz,
      PRIMARY KEY (workspace_id, task_id, id),
      FOREIGN KEY (workspace_id, task_id) REFERENCES tasks (workspace_id, id) ON DELETE CASCADE
    )`,
    `CREATE TABLE events (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      workspace_id text NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
      plugin_id text NOT NULL,
      from_status text,
      to_status text NOT NULL,
      actor text NOT NULL,
      reason text NOT NULL,
      at timestamptz NOT NULL
    )`,
    'CREATE INDEX events_plugin ON events (workspace_id, plugin_id, id)',
  ],
}
