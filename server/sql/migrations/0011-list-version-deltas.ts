import type { Migration } from '../migrate.ts'

// What a reader of each list could see change (the same fields the versions hashed row by row).
const pluginHash = (row: string) =>
  `hashtext(${row}.id || ':' || ${row}.revision || ':' || ${row}.status || ':' || coalesce(${row}.active_task_id, '')
    || ':' || extract(epoch FROM ${row}.updated_at))::bigint`
const taskHash = (row: string) =>
  `hashtext(${row}.id || ':' || ${row}.status || ':' || extract(epoch FROM ${row}.updated_at))::bigint`

/** A row trigger appending (count, hash) deltas of one list to list_version_deltas. */
function deltaTrigger(fn: string, list: string, hash: (row: string) => string): string {
  return `CREATE OR REPLACE FUNCTION ${fn}() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE old_h bigint; new_h bigint;
    BEGIN
      IF TG_OP <> 'INSERT' THEN old_h := ${hash('OLD')}; END IF;
      IF TG_OP <> 'DELETE' THEN new_h := ${hash('NEW')}; END IF;
      IF TG_OP = 'UPDATE' AND OLD.workspace_id = NEW.workspace_id THEN
        IF old_h <> new_h THEN
          INSERT INTO list_version_deltas (workspace_id, list, n, h) VALUES (NEW.workspace_id, '${list}', 0, new_h - old_h);
        END IF;
        RETURN NULL;
      END IF;
      IF TG_OP <> 'INSERT' THEN
        INSERT INTO list_version_deltas (workspace_id, list, n, h) VALUES (OLD.workspace_id, '${list}', -1, -old_h);
      END IF;
      IF TG_OP <> 'DELETE' THEN
        INSERT INTO list_version_deltas (workspace_id, list, n, h) VALUES (NEW.workspace_id, '${list}', 1, new_h);
      END IF;
      RETURN NULL;
    END $$`
}

/**
 * The plugin and task lists' versions (their ETags) kept as sums instead of computed over every
 * row of the workspace on each read (~75 ms at 100,000 plugins on PostgreSQL): triggers append
 * the change of the row count and of the sum of row hashes to list_version_deltas, and a version
 * is the sum of its list's deltas. A sum does not depend on the order transactions commit in, so
 * it always equals the hash sum over the rows the reader sees; the deltas are folded together
 * now and then like the plugin count's (list-version-sql.ts).
 */
export const listVersionDeltas: Migration = {
  version: 11,
  name: 'list-version-deltas',
  statements: [
    `CREATE TABLE list_version_deltas (
      workspace_id text NOT NULL,
      list text NOT NULL,
      n bigint NOT NULL,
      h bigint NOT NULL
    )`,
    'CREATE INDEX list_version_deltas_key ON list_version_deltas (workspace_id, list)',
    deltaTrigger('plugin_version_deltas_append', 'plugins', pluginHash),
    deltaTrigger('task_version_deltas_append', 'tasks', taskHash),
    `CREATE TRIGGER plugin_version_deltas_rows AFTER INSERT OR UPDATE OR DELETE ON plugins
      FOR EACH ROW EXECUTE FUNCTION plugin_version_deltas_append()`,
    `CREATE TRIGGER task_version_deltas_rows AFTER INSERT OR UPDATE OR DELETE ON tasks
      FOR EACH ROW EXECUTE FUNCTION task_version_deltas_append()`,
    `INSERT INTO list_version_deltas (workspace_id, list, n, h)
     SELECT p.workspace_id, 'plugins', count(*), sum(${pluginHash('p')}) FROM plugins p GROUP BY p.workspace_id`,
    `INSERT INTO list_version_deltas (workspace_id, list, n, h)
     SELECT t.workspace_id, 'tasks', count(*), sum(${taskHash('t')}) FROM tasks t GROUP BY t.workspace_id`,
  ],
}
