import { writeFile } from 'node:fs/promises'
import { pathToFileURL } from 'node:url'
import { z } from 'zod'
import { ManifestSchema } from '#core/manifest/manifest-schema.ts'

/** Where the generated schema lives; scaffolded plugins point their `$schema` at it. */
export const PLUGIN_SCHEMA_FILE = new URL('../sdk/plugin.schema.json', import.meta.url)

/**
 * plugin.json's JSON Schema, generated from the manifest's zod schema (the one the server checks
 * with), for editors. Checks zod cannot express in JSON Schema (the entry path's refinements,
 * unique module ids) are still made by `plugboard-plugin test` and the server.
 */
export function pluginSchemaText(): string {
  const generated = z.toJSONSchema(ManifestSchema, { io: 'input' })
  const schema = {
    $schema: generated.$schema,
    title: 'Plugboard plugin manifest (plugin.json)',
    description: 'Generated from core/manifest/manifest-schema.ts by scripts/plugin-schema.ts; do not edit.',
    ...generated,
  }
  return `${JSON.stringify(schema, null, 2)}\n`
}

// `npx tsx scripts/plugin-schema.ts` rewrites sdk/plugin.schema.json after a manifest change.
if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  await writeFile(PLUGIN_SCHEMA_FILE, pluginSchemaText())
  console.log(`wrote ${PLUGIN_SCHEMA_FILE.pathname}`)
}
