import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { createServer, type IncomingHttpHeaders } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest'
import type { OperationContext, StepUpdate } from '#server/app/ports.ts'
import { type RegistryConnection, RegistryError } from '#server/app/sources/source-ports.ts'
import { publishSamples } from '../../scripts/publish-samples.ts'
import { publishDir } from '../../scripts/registry/publish.ts'
import { type LocalRegistry, startVerdaccio } from '../../scripts/registry/verdaccio.ts'
import { NpmRegistries } from './npm-registries.ts'
import { RegistryClient } from './registry-client.ts'

let registry: LocalRegistry
let privateRegistry: LocalRegistry
let storeDir: string

beforeAll(async () => {
  ;[registry, privateRegistry] = await Promise.all([startVerdaccio(), startVerdaccio({ private: true })])
  await publishSamples(registry.url, registry.token, { only: ['plugboard/hello', 'plugboard/crashy'] })
  await publishSamples(privateRegistry.url, privateRegistry.token, { only: ['plugboard/hello'] })
  // A package without the plugin keyword is not a plugin, whatever it holds.
  const dir = mkdtempSync(join(tmpdir(), 'plain-package-'))
  writeFileSync(join(dir, 'index.js'), 'module.exports = 1\n')
  await publishDir(registry.url, registry.token, dir, { name: '@plugboard/not-a-plugin', version: '1.0.0' })
  rmSync(dir, { recursive: true, force: true })
  storeDir = mkdtempSync(join(tmpdir(), 'registry-store-'))
}, 60_000)

afterAll(async () => {
  await Promise.all([registry?.stop(), privateRegistry?.stop()])
  rmSync(storeDir, { recursive: true, force: true })
})

const connect = (target: LocalRegistry, token: string | null = null): RegistryConnection => ({
  id: 'src_test',
  url: target.url,
  scope: null,
  token,
  signaturePolicy: 'off',
})

function recorder(): { ctx: OperationContext; steps: StepUpdate[] } {
  const steps: StepUpdate[] = []
  const ctx = {
    workspaceId: 'ws',
    signal: new AbortController().signal,
    report: async (update: StepUpdate) => {
      steps.push(update)
    },
  } as unknown as OperationContext
  return { ctx, steps }
}

const codeOf = (promise: Promise<unknown>) =>
  promise.then(
    () => 'resolved',
    (error) => (error instanceof RegistryError ? error.code : String(error)),
  )

describe('NpmRegistries against Verdaccio', () => {
  test('lists packages carrying the plugin keyword, with capabilities and changelogs from their packages', async () => {
    const registries = new NpmRegistries({ storeDir })
    const entries = await registries.list(connect(registry), {})
    expect(entries.map((entry) => entry.pluginId)).toEqual(['plugboard/crashy', 'plugboard/hello'])
    const hello = await registries.get(connect(registry), 'plugboard/hello')
    expect(hello?.latestVersion).toBe('2.0.0')
    expect(hello?.versions.map((v) => v.version)).toEqual(['2.0.0', '1.1.0', '1.0.0'])
    expect(hello?.versions[0]?.capabilities.length).toBeGreaterThan(
      hello?.versions[1]?.capabilities.length ?? 0,
    )
    expect(hello?.versions[1]?.changelog).toBeTruthy()
    expect((await registries.list(connect(registry), { q: 'crash' })).map((e) => e.pluginId)).toEqual([
      'plugboard/crashy',
    ])
  })

  test('resolves a version or a dist-tag once: the exact version with its integrity and tarball', async () => {
    const registries = new NpmRegistries({ storeDir })
    const pkg = await registries.resolve(connect(registry), 'plugboard/hello', 'latest')
    expect(pkg.version).toBe('2.0.0')
    expect(pkg.source).toMatchObject({ type: 'registry', packageName: '@plugboard/hello' })
    expect(pkg.source.integrity).toMatch(/^sha512-/)
    expect(pkg.source.tarball).toContain('/@plugboard/hello/-/hello-2.0.0.tgz')
    expect(await codeOf(registries.resolve(connect(registry), 'plugboard/hello', '9.9.9'))).toBe(
      'VERSION_NOT_FOUND',
    )
    expect(await codeOf(registries.resolve(connect(registry), 'plugboard/not-a-plugin', '1.0.0'))).toBe(
      'PACKAGE_INVALID',
    )
  })

  test('a download is verified against its integrity and kept for the runtime', async () => {
    const registries = new NpmRegistries({ storeDir: mkdtempSync(join(tmpdir(), 'registry-store-')) })
    const pkg = await registries.resolve(connect(registry), 'plugboard/crashy', '1.0.1')
    const { ctx, steps } = recorder()
    await registries.fetch(ctx, connect(registry), pkg)
    expect(steps.map((step) => step.step)).toContain('verify')
    expect(await registries.locate(pkg)).toMatch(/\.tgz$/)
  })

  test('a tampered tarball is refused before anything reads it, and nothing is kept', async () => {
    const tampered = mkdtempSync(join(tmpdir(), 'registry-store-'))
    const stored = join(registry.dir, 'storage', '@plugboard', 'crashy')
    const file = readdirSync(stored).find((name) => name.endsWith('1.0.0.tgz')) ?? ''
    writeFileSync(join(stored, file), Buffer.from('not the published bytes'))
    const registries = new NpmRegistries({ storeDir: tampered })
    expect(await codeOf(registries.resolve(connect(registry), 'plugboard/crashy', '1.0.0'))).toBe(
      'INTEGRITY_MISMATCH',
    )
    expect(readdirSync(tampered)).toEqual([])
  })

  test('a registry nobody answers at is REGISTRY_UNREACHABLE, after the timeout at most', async () => {
    const registries = new NpmRegistries({ storeDir, client: new RegistryClient({ timeoutMs: 2_000 }) })
    const gone = {
      id: 'src_gone',
      url: 'http://127.0.0.1:9',
      scope: null,
      token: null,
      signaturePolicy: 'off' as const,
    }
    expect(await codeOf(registries.list(gone, {}))).toBe('REGISTRY_UNREACHABLE')
  })

  test('a private registry shows nothing without its token and answers with it', async () => {
    const registries = new NpmRegistries({ storeDir })
    expect(await registries.list(connect(privateRegistry), {})).toEqual([])
    expect(await codeOf(registries.get(connect(privateRegistry), 'plugboard/hello'))).toBe(
      'REGISTRY_UNAUTHORIZED',
    )
    const reader = await privateRegistry.addUser('reader', 'reader-password')
    const entries = await registries.list(connect(privateRegistry, reader), {})
    expect(entries.map((entry) => entry.pluginId)).toEqual(['plugboard/hello'])
    const pkg = await registries.resolve(connect(privateRegistry, reader), 'plugboard/hello', '1.0.0')
    const { ctx } = recorder()
    await registries.fetch(ctx, connect(privateRegistry, reader), pkg)
  })
})

describe('RegistryClient', () => {
  test("never sends a source's token to another host", async () => {
    const seen: IncomingHttpHeaders[] = []
    const other = createServer((request, response) => {
      seen.push(request.headers)
      response.end('x')
    })
    await new Promise<void>((done) => other.listen(0, '127.0.0.1', done))
    const { port } = other.address() as AddressInfo
    const client = new RegistryClient()
    const file = join(mkdtempSync(join(tmpdir(), 'registry-dl-')), 'x.tgz')
    const download = client.download(
      connect(registry, 'secret-token'),
      `http://127.0.0.1:${port}/x.tgz`,
      'sha512-AAAA',
      file,
    )
    expect(await codeOf(download)).toBe('INTEGRITY_MISMATCH')
    other.close()
    expect(seen).toHaveLength(1)
    expect(seen[0]?.authorization).toBeUndefined()
  })

  test('follows a redirect to another host without the token', async () => {
    const seen: IncomingHttpHeaders[] = []
    const cdn = createServer((request, response) => {
      seen.push(request.headers)
      response.end('x')
    })
    await new Promise<void>((done) => cdn.listen(0, '127.0.0.1', done))
    const cdnPort = (cdn.address() as AddressInfo).port
    const origin = createServer((request, response) => {
      seen.push(request.headers)
      response.writeHead(302, { location: `http://127.0.0.1:${cdnPort}/x.tgz` }).end()
    })
    await new Promise<void>((done) => origin.listen(0, '127.0.0.1', done))
    const originUrl = `http://127.0.0.1:${(origin.address() as AddressInfo).port}`
    const source = {
      id: 'src',
      url: originUrl,
      scope: null,
      token: 'secret-token',
      signaturePolicy: 'off' as const,
    }
    const file = join(mkdtempSync(join(tmpdir(), 'registry-dl-')), 'x.tgz')
    const download = new RegistryClient().download(source, `${originUrl}/x.tgz`, 'sha512-AAAA', file)
    expect(await codeOf(download)).toBe('INTEGRITY_MISMATCH')
    origin.close()
    cdn.close()
    expect(seen.map((headers) => headers.authorization)).toEqual(['Bearer secret-token', undefined])
  })

  test('reuses a fresh answer without asking again, and revalidates a stale one', async () => {
    let now = 0
    const client = new RegistryClient({ now: () => now, defaultMaxAgeMs: 1_000 })
    const source = connect(registry)
    const calls = vi.spyOn(globalThis, 'fetch')
    const first = await client.packument(source, '@plugboard/hello')
    // Fresh: answered from the cache, nothing asked.
    expect(await client.packument(source, '@plugboard/hello')).toBe(first)
    expect(calls).toHaveBeenCalledTimes(1)
    now = 2_000
    // Stale: asked again with If-None-Match; the same ETag keeps the cached document.
    expect(await client.packument(source, '@plugboard/hello')).toBe(first)
    expect(calls).toHaveBeenCalledTimes(2)
    expect(new Headers(calls.mock.calls[1]?.[1]?.headers).get('if-none-match')).toMatch(/^"/)
    calls.mockRestore()
  })
})
