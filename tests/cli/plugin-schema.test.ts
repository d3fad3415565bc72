import { readFile } from 'node:fs/promises'
import { expect, test } from 'vitest'
import { PLUGIN_SCHEMA_FILE, pluginSchemaText } from '../../scripts/plugin-schema.ts'

test('sdk/plugin.schema.json is what the manifest schema generates (run `npx tsx scripts/plugin-schema.ts`)', async () => {
  const committed = await readFile(PLUGIN_SCHEMA_FILE, 'utf8')
  expect(committed).toBe(pluginSchemaText())
  const schema = JSON.parse(committed)
  expect(schema.properties.$schema).toMatchObject({ type: 'string' })
  expect(schema.required).toEqual(expect.arrayContaining(['id', 'version', 'modules', 'main']))
})
