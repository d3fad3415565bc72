import type { Migration } from '../migrate.ts'

/**
 * Personal API tokens (docs/accounts.md): each belongs to a member of one workspace and goes with
 * that membership. Only the SHA-256 of the secret is kept, unique, to find the token by.
 */
export const apiTokensSchema: Migration = {
  version: 7,
  name: 'api-tokens',
  statements: [
    `CREATE TABLE api_tokens (
      id text PRIMARY KEY,
      workspace_id text NOT NULL,
      user_id text NOT NULL,
      name text NOT NULL,
      prefix text NOT NULL,
      hash text NOT NULL UNIQUE,
      role text NOT NULL CHECK (role IN ('owner', 'admin', 'member')),
      created_at timestamptz NOT NULL,
      expires_at timestamptz,
      last_used_at timestamptz,
      FOREIGN KEY (workspace_id, user_id) REFERENCES memberships (workspace_id, user_id) ON DELETE CASCADE
    )`,
    'CREATE INDEX api_tokens_workspace ON api_tokens (workspace_id, user_id)',
  ],
}
