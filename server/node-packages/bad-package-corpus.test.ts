import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type { Task } from '#core/api/task-schemas.ts'
import { seedAccount } from '#mocks/seed-account.ts'
import { signedIn } from '#server/app/app.test-helpers.ts'
import { createApp } from '#server/app/create-app.ts'
import type { Catalog } from '#server/app/ports.ts'
import { createSystemClock } from '#server/app/system-clock.ts'
import { createMemoryAccountStore } from '#server/memory/memory-account-store.ts'
import { createMemoryStore } from '#server/memory/memory-store.ts'
import { createPbkdf2Hasher } from '#server/memory/pbkdf2-hasher.ts'
import { eventually, runtimeFixture, WS } from '#server/runtime/runtime.test-helpers.ts'
import {
  type BadPackage,
  buildCorpus,
  CORPUS_LIMITS,
  snapshotTree,
} from './bad-package-corpus.test-helpers.ts'
import { FsPackages } from './fs-packages.ts'
import { helloFiles, sha256Hex, tgzOf } from './package-tgz.test-helpers.ts'

const REF = 'plugboard/hello'
const SESSION = 'corpus-owner'
const { setup } = runtimeFixture()
let work: string
let corpus: BadPackage[]

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'plugboard-corpus-'))
  corpus = await buildCorpus(work)
})
afterAll(async () => {
  await rm(work, { recursive: true, force: true })
})

/**
 * The real API over real workers, where the catalog's `plugboard/hello@1.1.0` is `bytes` (written
 * to a `.tgz` the runtime locates, with its sha256 as the catalog would list it) and uploads go to
 * FsPackages — both with the corpus's caps.
 */
async function appInstalling(bytes: Uint8Array) {
  const file = join(work, `package-${sha256Hex(bytes).slice(0, 12)}.tgz`)
  await writeFile(file, bytes)
  const env = await setup({ packageLimits: CORPUS_LIMITS, locatePackage: async () => file })
  const catalog: Catalog = {
    list: (query) => env.catalog.list(query),
    get: (pluginId) => env.catalog.get(pluginId),
    resolve: async (pluginId, version) => {
      const pkg = await env.catalog.resolve(pluginId, version)
      return pkg && { ...pkg, source: { ...pkg.source, sha256: sha256Hex(bytes) } }
    },
  }
  const uploads = join(work, 'uploads')
  // The folders that outlive one install: the workspace's plugins and uploads; the rest must vanish.
  await mkdir(dirname(env.pluginDir(REF)), { recursive: true })
  await mkdir(join(uploads, WS), { recursive: true })
  let sequence = 0
  const store = createMemoryStore()
  const deps = {
    store,
    runtime: env.runtime,
    catalog,
    packages: new FsPackages({ dir: uploads, limits: CORPUS_LIMITS }),
    clock: createSystemClock(),
    newId: (prefix: string) => `${prefix}_${String(++sequence).padStart(6, '0')}`,
    accounts: createMemoryAccountStore(),
    hasher: createPbkdf2Hasher({ iterations: 1_000 }),
  }
  await seedAccount(deps, {
    workspaceId: WS,
    email: 'o@plugboard.test',
    name: 'O',
    role: 'owner',
    sessionToken: SESSION,
  })
  const app = createApp(deps)
  const send = async (path: string, init: RequestInit = {}) => {
    const response = await app.request(`/api/workspaces/${WS}${path}`, signedIn(init, SESSION))
    return { status: response.status, body: await response.json() }
  }
  const upload = () => {
    const body = new FormData()
    body.append('file', new Blob([new Uint8Array(bytes)]), 'plugin.tgz')
    return send('/packages', { method: 'POST', body })
  }
  const install = async (): Promise<Task> => {
    const items = [{ source: 'marketplace', pluginId: REF, version: '1.1.0' }]
    const started = await send('/installs', {
      method: 'POST',
      body: JSON.stringify({ items }),
      headers: { 'content-type': 'application/json' },
    })
    expect(started.status).toBe(202)
    let task = started.body.task as Task
    await eventually(async () => {
      task = (await send(`/tasks/${task.id}`)).body
      return task.status !== 'pending' && task.status !== 'running'
    }, 10_000)
    return task
  }
  /** Everything on disk the install could touch: the runtime's data dir and the test's temp dir. */
  const disk = async () => ({ data: await snapshotTree(env.dataDir), work: await snapshotTree(work) })
  return { store, upload, install, disk }
}

const leftovers = (tree: Record<string, string>) =>
  Object.keys(tree).filter((path) => /(^|\/)(\.staging-|inspect-|\.pkg_)/.test(path))

describe('the bad-package corpus, through the API over real workers', () => {
  test('the good package passes the same path, so every refusal below is about its content', async () => {
    const t = await appInstalling(await tgzOf(work, await helloFiles()))
    expect((await t.upload()).status).toBe(201)
    expect(await t.install()).toMatchObject({ status: 'success' })
    expect(await t.store.findPluginByRef(WS, REF)).toMatchObject({ status: 'ready', version: '1.1.0' })
  })

  // test.each needs the rows when the file is collected; the corpus is built in beforeAll.
  const NAMES = [
    'an archive over the size cap',
    'an archive that unpacks over the size cap',
    'more entries than the file-count cap',
    'an absolute path',
    'a ".." path',
    'a symbolic link, then a file written through it',
    'a hard link to a file outside, then a file written over it',
    'a character device',
    'a block device',
    'an entry name with a newline',
    'a NUL inside a pax name',
    'a name too long for the file system',
    'a truncated gzip',
    'random bytes',
    'an invalid manifest',
    'no manifest',
  ]

  test('the table below covers the whole corpus', () => {
    expect(corpus.map((bad) => bad.name)).toEqual(NAMES)
  })

  test.each(NAMES)('%s: refused at upload and by the install task, nothing left behind', async (name) => {
    const bad = corpus.find((entry) => entry.name === name) as BadPackage
    const t = await appInstalling(bad.bytes)
    const before = await t.disk()

    const uploaded = await t.upload()
    expect(uploaded.status).toBe(bad.upload.status)
    expect(uploaded.body.error.code).toBe(bad.upload.code)
    if (bad.upload.code === 'PACKAGE_INVALID') {
      const named = (uploaded.body.error.details as string[]).join('\n')
      for (const problem of bad.problems) expect(named).toContain(problem)
    } else expect(uploaded.body.error.message).toContain(`${CORPUS_LIMITS.maxArchiveBytes} bytes`)

    const task = await t.install()
    expect(task.status).toBe('failed')
    const error = task.items[0]?.error
    expect(error?.code).toBe('PACKAGE_INVALID')
    for (const problem of bad.problems) {
      expect(error?.message).toContain(problem)
      expect(error?.detail).toContain(problem)
    }
    expect(await t.store.findPluginByRef(WS, REF)).toBeNull()

    const after = await t.disk()
    expect(after).toEqual(before)
    expect(after.work['outside/victim.txt']).toBe(sha256Hex(new TextEncoder().encode('untouched')))
    expect([...leftovers(after.data), ...leftovers(after.work)]).toEqual([])
  })
})
