import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, test } from 'vitest'
import { OWN_WS, setupAuthApp } from '#server/app/auth/auth.test-helpers.ts'
import { createDevFolders } from '#server/node-packages/dev-folders.ts'
import { FsPackages } from '#server/node-packages/fs-packages.ts'
import { helloFiles } from '#server/node-packages/package-tgz.test-helpers.ts'
import { waitUntil } from '#tests/support/wait-until.ts'

let work: string
let folder: string
beforeEach(async () => {
  work = await mkdtemp(join(tmpdir(), 'plugboard-dev-routes-'))
  folder = join(work, 'hello')
  await mkdir(folder)
  for (const [name, text] of Object.entries(await helloFiles())) await writeFile(join(folder, name), text)
})
afterEach(async () => {
  await rm(work, { recursive: true, force: true })
})

async function devApp(devMode = true) {
  const packages = new FsPackages({ dir: join(work, 'uploads') })
  const t = await setupAuthApp({ packages, ...(devMode ? { devFolders: createDevFolders() } : {}) })
  const post = (who: 'owner' | 'admin' | 'member', path: string, body?: unknown) =>
    t.call(who, 'POST', `/api/workspaces/${OWN_WS}${path}`, body === undefined ? {} : { body })
  const settled = (taskId: string) =>
    waitUntil(
      async () => (await t.call('owner', 'GET', `/api/workspaces/${OWN_WS}/tasks/${taskId}`)).json(),
      (task) => !['pending', 'running'].includes(task.status),
      { withinMs: 2_000, everyMs: 5 },
    )
  return { ...t, post, settled }
}

describe('POST …/dev-plugins (dev mode)', () => {
  test('an admin installs a folder as a plugin in development: 202, then ready and marked dev', async () => {
    const t = await devApp()
    const response = await t.post('admin', '/dev-plugins', { path: folder })
    expect(response.status).toBe(202)
    const { task } = await response.json()
    expect(await t.settled(task.id)).toMatchObject({ kind: 'install', status: 'success' })
    const plugin = await t.deps.store.findPluginByRef(OWN_WS, 'plugboard/hello')
    expect(plugin).toMatchObject({ status: 'ready', source: { type: 'package', dev: true, path: folder } })
  })

  test('a member is refused with 403; an unknown folder answers 422 PACKAGE_INVALID', async () => {
    const t = await devApp()
    expect((await t.post('member', '/dev-plugins', { path: folder })).status).toBe(403)
    const missing = await t.post('owner', '/dev-plugins', { path: join(work, 'nowhere') })
    expect(missing.status).toBe(422)
    expect((await missing.json()).error).toMatchObject({ code: 'PACKAGE_INVALID' })
  })

  test('a folder whose plugin is installed already answers 409', async () => {
    const t = await devApp()
    const { task } = await (await t.post('owner', '/dev-plugins', { path: folder })).json()
    await t.settled(task.id)
    const again = await t.post('owner', '/dev-plugins', { path: folder })
    expect(again.status).toBe(409)
  })

  test('with dev mode off (the default) it answers 404 NOT_FOUND in the error shape', async () => {
    const t = await devApp(false)
    const response = await t.post('owner', '/dev-plugins', { path: folder })
    expect(response.status).toBe(404)
    expect((await response.json()).error).toMatchObject({
      code: 'NOT_FOUND',
      message: expect.stringMatching(/dev mode is off/),
    })
  })
})

describe('POST …/plugins/:id/dev/reload (dev mode)', () => {
  test('starts a reload task with one item for a plugin in development', async () => {
    const t = await devApp()
    const { task } = await (await t.post('owner', '/dev-plugins', { path: folder })).json()
    const installed = await t.settled(task.id)
    const pluginId = installed.items[0].pluginId
    const response = await t.post('owner', `/plugins/${pluginId}/dev/reload`)
    expect(response.status).toBe(202)
    const reload = (await response.json()).task
    expect(reload).toMatchObject({ kind: 'reload', items: [{ pluginId }] })
    const audit = await (
      await t.call('owner', 'GET', `/api/workspaces/${OWN_WS}/audit?action=plugin.reload`)
    ).json()
    expect(audit.items).toEqual([expect.objectContaining({ action: 'plugin.reload', target: pluginId })])
  })

  test('a plugin not in development answers 409 CONFLICT; an unknown one 404; dev mode off 404', async () => {
    const t = await devApp()
    const install = await t.post('owner', '/installs', {
      items: [{ source: 'marketplace', pluginId: 'acme/hello-world', version: '1.0.0' }],
    })
    const installed = await t.settled((await install.json()).task.id)
    const pluginId = installed.items[0].pluginId
    const plain = await t.post('owner', `/plugins/${pluginId}/dev/reload`)
    expect(plain.status).toBe(409)
    expect((await plain.json()).error).toMatchObject({ code: 'CONFLICT' })
    expect((await t.post('owner', '/plugins/plg_nope/dev/reload')).status).toBe(404)
    const off = await devApp(false)
    expect((await off.post('owner', `/plugins/${pluginId}/dev/reload`)).status).toBe(404)
  })
})
