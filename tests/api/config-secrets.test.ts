import { readdir, readFile, stat } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type { Plugin } from '#core/api/plugin-schemas.ts'
import type { Task } from '#core/api/task-schemas.ts'
import { isTerminal } from '#core/tasks/task-status.ts'
import { openPgliteDb } from '#server/sql/pglite-db.ts'
import { apiClient, makeServerDirs, type ServerProcess, startServer, waitFor } from './server-process.ts'

const SECRET = 'sk-live-7d1e55b0c3a94f2e'
const dirs = makeServerDirs()
let server: ServerProcess
let api: Awaited<ReturnType<typeof apiClient>>
/** Every response body this test read. */
const bodies: string[] = []

beforeAll(async () => {
  server = await startServer({ ...dirs, stepMs: 20, runtime: 'process', env: { LOG_LEVEL: 'debug' } })
  api = await apiClient(server.url)
}, 60_000)

afterAll(async () => {
  await server?.kill()
  dirs.cleanup()
})

async function send(method: string, path: string, body?: unknown) {
  const response = await api.send(method, path, body)
  const text = await response.text()
  bodies.push(text)
  return { status: response.status, body: JSON.parse(text || 'null') }
}

const finished = (task: Task) =>
  waitFor(
    () => send('GET', `/tasks/${task.id}`).then((answer) => answer.body as Task),
    (latest) => isTerminal(latest.status),
  )

/** Every file under `dir`, recursively. */
async function filesIn(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true })
  const nested = await Promise.all(
    entries.map((entry) =>
      entry.isDirectory() ? filesIn(join(dir, entry.name)) : Promise.resolve([join(dir, entry.name)]),
    ),
  )
  return nested.flat()
}

describe('a secret setting on the real server', () => {
  test('is never in a response, the log, the database, an event, the audit trail or a task', async () => {
    const install = await send('POST', '/installs', {
      items: [{ source: 'marketplace', pluginId: 'plugboard/hello', version: '1.0.0' }],
    })
    expect((await finished(install.body.task)).status).toBe('success')
    const plugin = (await send('GET', '/plugins?q=hello')).body.items[0] as Plugin

    const set = await send('PUT', `/plugins/${plugin.id}/config`, {
      modules: { greeter: { greeting: 'Salut', locale: 'fr', apiToken: SECRET } },
    })
    expect(set.status).toBe(202)
    expect((await finished(set.body.task)).status).toBe('success')
    // A refused value with the secret in the same request: rolled back, the error names the module.
    const refused = await send('PUT', `/plugins/${plugin.id}/config`, {
      modules: { greeter: { greeting: 'Salut', locale: 'xx', apiToken: `${SECRET}-2` } },
    })
    const failed = await finished(refused.body.task)
    expect(failed.status).toBe('failed')
    expect(failed.items[0]?.error?.message).toMatch(/unsupported locale "xx"/)
    // An invalid one: listed problems, no task.
    const invalid = await send('PUT', `/plugins/${plugin.id}/config`, {
      modules: { greeter: { greeting: '', apiToken: SECRET } },
    })
    expect(invalid.status).toBe(400)

    const config = await send('GET', `/plugins/${plugin.id}/config`)
    expect(config.body).toMatchObject({ version: 2, modules: [{ secrets: { apiToken: true } }, {}] })
    for (const path of [
      `/plugins/${plugin.id}`,
      `/plugins/${plugin.id}/events`,
      `/plugins/${plugin.id}/logs`,
      `/plugins/${plugin.id}/config/history`,
      '/tasks',
      '/audit',
    ]) {
      expect((await send('GET', path)).status).toBe(200)
    }
    for (const body of bodies) expect(body).not.toContain(SECRET)

    expect(await server.stop()).toBe(0)
    expect(server.output()).toContain('generated a key for plugin secrets')
    expect(server.output()).not.toContain(SECRET)
    expect((await stat(join(dirs.dataDir, 'secret.key'))).mode & 0o777).toBe(0o600)

    // Every file the server wrote (database pages, plugin logs, uploads), byte for byte.
    for (const file of await filesIn(dirs.dataDir)) {
      expect((await readFile(file)).includes(SECRET), file).toBe(false)
    }
    // And every row of every table, as text.
    const db = await openPgliteDb({ dataDir: join(dirs.dataDir, 'db') })
    try {
      const { rows: tables } = await db.query<{ name: string }>(
        "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public'",
      )
      expect(tables.map((table) => table.name)).toContain('plugin_configs')
      for (const { name } of tables) {
        const { rows } = await db.query<{ row: string }>(`SELECT t::text AS row FROM "${name}" t`)
        for (const { row } of rows) expect(row, name).not.toContain(SECRET)
      }
      const { rows } = await db.query<{ sealed: string }>('SELECT sealed::text AS sealed FROM plugin_configs')
      expect(rows.some((row) => row.sealed.includes('"apiToken": "v1:'))).toBe(true)
    } finally {
      await db.close()
    }
  }, 90_000)
})
