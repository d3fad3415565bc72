import type { Migration } from '../migrate.ts'

/**
 * Indexes that match the plugin list's sorts exactly (their collations and directions, see
 * plugin-list-sql.ts) and the task list's order, a GIN index for the category filter, and a
 * trigram index for the search where the database has pg_trgm: where it has not, a search
 * still works, by scanning.
 */
export const readIndexes: Migration = {
  version: 3,
  name: 'read-indexes',
  statements: [
    // What a search looks in, lowercased once at write time instead of on every row of every search.
    `ALTER TABLE plugins ADD COLUMN search_text text
      GENERATED ALWAYS AS (lower(name || E'\\n' || plugin_ref || E'\\n' || description)) STORED`,
    'DROP INDEX IF EXISTS plugins_workspace_updated',
    `CREATE INDEX plugins_workspace_updated ON plugins (workspace_id, updated_at, id COLLATE "C")`,
    `CREATE INDEX plugins_workspace_updated_desc ON plugins (workspace_id, updated_at DESC, id COLLATE "C")`,
    `CREATE INDEX plugins_workspace_name_desc ON plugins (workspace_id, lower(name) COLLATE "C" DESC, id COLLATE "C")`,
    `CREATE INDEX plugins_workspace_lifecycle ON plugins (workspace_id,
      array_position(ARRAY['installed', 'ready', 'disabled', 'error', 'upgrade_pending', 'uninstalled']::text[], status),
      lower(name) COLLATE "C", id COLLATE "C")`,
    'CREATE INDEX plugins_categories ON plugins USING gin (categories jsonb_path_ops)',
    `CREATE INDEX tasks_workspace_order ON tasks (workspace_id, created_at DESC, id COLLATE "C" DESC)`,
    // The plugin list's total without a search: counted from deltas a trigger appends (one row
    // per status and per status × category, '' for all), so no transaction ever waits on a shared
    // counter row; sql-plugin-store.ts sums them and folds them together now and then.
    `CREATE TABLE plugin_count_deltas (
      workspace_id text NOT NULL,
      status text NOT NULL,
      category text NOT NULL,
      delta bigint NOT NULL
    )`,
    'CREATE INDEX plugin_count_deltas_key ON plugin_count_deltas (workspace_id, category, status)',
    `CREATE OR REPLACE FUNCTION plugin_count_deltas_append() RETURNS trigger LANGUAGE plpgsql AS $$
     BEGIN
       IF TG_OP <> 'INSERT' THEN
         INSERT INTO plugin_count_deltas (workspace_id, status, category, delta)
         SELECT OLD.workspace_id, OLD.status, c.category, -1
         FROM (SELECT ''::text UNION SELECT jsonb_array_elements_text(OLD.categories)) AS c (category);
       END IF;
       IF TG_OP <> 'DELETE' THEN
         INSERT INTO plugin_count_deltas (workspace_id, status, category, delta)
         SELECT NEW.workspace_id, NEW.status, c.category, 1
         FROM (SELECT ''::text UNION SELECT jsonb_array_elements_text(NEW.categories)) AS c (category);
       END IF;
       RETURN NULL;
     END $$`,
    `CREATE TRIGGER plugin_count_deltas_rows AFTER INSERT OR DELETE ON plugins
      FOR EACH ROW EXECUTE FUNCTION plugin_count_deltas_append()`,
    `CREATE TRIGGER plugin_count_deltas_changes AFTER UPDATE OF workspace_id, status, categories ON plugins
      FOR EACH ROW WHEN (OLD.workspace_id IS DISTINCT FROM NEW.workspace_id
        OR OLD.status IS DISTINCT FROM NEW.status OR OLD.categories IS DISTINCT FROM NEW.categories)
      EXECUTE FUNCTION plugin_count_deltas_append()`,
    `INSERT INTO plugin_count_deltas (workspace_id, status, category, delta)
     SELECT p.workspace_id, p.status, c.category, count(*)
     FROM plugins p CROSS JOIN LATERAL (SELECT ''::text UNION SELECT jsonb_array_elements_text(p.categories)) AS c (category)
     GROUP BY 1, 2, 3`,
    // pg_trgm ships with PostgreSQL's contrib and with PGlite; a server without it keeps working.
    `DO $$ BEGIN
       CREATE EXTENSION IF NOT EXISTS pg_trgm;
     EXCEPTION WHEN OTHERS THEN
       RAISE NOTICE 'pg_trgm is not available: plugin searches scan the table';
     END $$`,
    // Wherever the extension lives (another schema, when it was installed before), name it there.
    `DO $$ DECLARE trgm_schema text;
     BEGIN
       SELECT n.nspname INTO trgm_schema FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace
        WHERE e.extname = 'pg_trgm';
       IF trgm_schema IS NOT NULL THEN
         EXECUTE format('CREATE INDEX plugins_search ON plugins USING gin (search_text %I.gin_trgm_ops)',
           trgm_schema);
       END IF;
     END $$`,
  ],
}
