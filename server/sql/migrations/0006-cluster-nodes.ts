import type { Migration } from '../migrate.ts'

/**
 * Cluster mode (docs/runtime.md): the nodes that share this database, each with a lease it renews,
 * the claim of every active task item (the node and the incarnation that runs it), the node each
 * plugin's worker runs on, and the failed sign-ins every node counts. An epoch
 * comes from a sequence at every start of a node: it is the fencing token of that incarnation.
 */
export const clusterNodes: Migration = {
  version: 6,
  name: 'cluster-nodes',
  statements: [
    'CREATE SEQUENCE IF NOT EXISTS node_epochs',
    `CREATE TABLE nodes (
      id text PRIMARY KEY,
      epoch bigint NOT NULL,
      address text,
      version text NOT NULL,
      state text NOT NULL CHECK (state IN ('starting', 'active', 'draining', 'lost', 'stopped')),
      started_at timestamptz NOT NULL DEFAULT now(),
      heartbeat_at timestamptz NOT NULL DEFAULT now(),
      lease_until timestamptz NOT NULL
    )`,
    'ALTER TABLE task_items ADD COLUMN claimed_by text',
    'ALTER TABLE task_items ADD COLUMN claim_epoch bigint',
    `CREATE INDEX task_items_claims ON task_items (claimed_by, claim_epoch)
      WHERE status IN ('pending', 'running')`,
    // Which node runs the plugin's worker; the epoch grows at every move, so a move is seen.
    'ALTER TABLE plugins ADD COLUMN node_id text',
    'ALTER TABLE plugins ADD COLUMN placement_epoch bigint NOT NULL DEFAULT 0',
    'CREATE INDEX plugins_node ON plugins (node_id) WHERE node_id IS NOT NULL',
    // Failed sign-ins, so that every node counts the same ones (login-limiter.ts).
    'CREATE TABLE login_failures (key text NOT NULL, at timestamptz NOT NULL)',
    'CREATE INDEX login_failures_key ON login_failures (key, at)',
  ],
}
