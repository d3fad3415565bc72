import { createHash, generateKeyPairSync, sign } from 'node:crypto'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type { SignaturePolicy } from '#core/api/signature-policies.ts'
import type { AppDeps, OperationContext } from '#server/app/ports.ts'
import { createSourceAccess } from '#server/app/sources/source-access.ts'
import { RegistryError } from '#server/app/sources/source-ports.ts'
import { createMemorySources } from '#server/memory/memory-sources.ts'
import { createDemoCatalog } from '#server/simulated/demo-catalog.ts'
import { packTarball, pluginPackageJson } from '../../scripts/registry/publish.ts'
import { NpmRegistries } from './npm-registries.ts'

/**
 * A registry of the test's own on node:http, answering the way npm's does: its signing key at
 * `/-/npm/v1/keys`, a package document whose versions carry `dist.signatures` over
 * `${name}@${version}:${integrity}`, and the tarballs. Version 1.0.0 is validly signed, 1.1.0 carries
 * a tampered signature, 2.0.0 none (the sample plugin plugboard/hello, published as @plugboard/hello).
 */
const NAME = '@plugboard/hello'
const SAMPLE = join(import.meta.dirname, '..', '..', 'catalog', 'plugboard', 'hello')
const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' })
const KEY_ID = 'SHA256:test-registry-key'
const tarballs = new Map<string, Buffer>()
const versions: Record<string, unknown> = {}
const requests: string[] = []

const server = createServer((request, response) => {
  const url = request.url ?? ''
  requests.push(url)
  const json = (body: unknown) => {
    response.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'max-age=60' })
    response.end(JSON.stringify(body))
  }
  if (url === '/-/npm/v1/keys') {
    const key = publicKey.export({ format: 'der', type: 'spki' }).toString('base64')
    return json({
      keys: [
        { keyid: KEY_ID, key, expires: null, keytype: 'ecdsa-sha2-nistp256', scheme: 'ecdsa-sha2-nistp256' },
      ],
    })
  }
  if (url === `/${NAME.replace('/', '%2f')}`)
    return json({ name: NAME, 'dist-tags': { latest: '2.0.0' }, versions, time: {} })
  const tgz = tarballs.get(url)
  if (tgz) {
    response.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': tgz.length })
    return response.end(tgz)
  }
  response.writeHead(404).end()
})

let url: string
let storeDir: string

beforeAll(async () => {
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done))
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  for (const version of ['1.0.0', '1.1.0', '2.0.0']) {
    const dir = join(SAMPLE, version)
    const manifest = JSON.parse(readFileSync(join(dir, 'plugin.json'), 'utf8'))
    const tgz = await packTarball(dir, pluginPackageJson(manifest))
    const integrity = `sha512-${createHash('sha512').update(tgz).digest('base64')}`
    const path = `/${NAME}/-/hello-${version}.tgz`
    tarballs.set(path, tgz)
    const sig = sign('sha256', Buffer.from(`${NAME}@${version}:${integrity}`), privateKey).toString('base64')
    // 1.1.0's signature is 1.0.0's kind of signature over another text: it does not verify.
    const tampered = sign('sha256', Buffer.from(`${NAME}@${version}:sha512-other`), privateKey).toString(
      'base64',
    )
    const signatures =
      version === '1.0.0'
        ? [{ keyid: KEY_ID, sig }]
        : version === '1.1.0'
          ? [{ keyid: KEY_ID, sig: tampered }]
          : []
    versions[version] = {
      ...pluginPackageJson(manifest),
      dist: {
        integrity,
        tarball: `${url}${path}`,
        signatures,
        ...(version === '1.0.0'
          ? {
              attestations: {
                url: `${url}/-/npm/v1/attestations/${NAME}@1.0.0`,
                provenance: { predicateType: 'https://slsa.dev/provenance/v1' },
              },
            }
          : {}),
      },
    }
  }
  storeDir = mkdtempSync(join(tmpdir(), 'signed-registry-'))
})

afterAll(() => {
  server.close()
  rmSync(storeDir, { recursive: true, force: true })
})

/** The real source path (source access over NpmRegistries) for one source with `policy`. */
async function sourceWith(policy: SignaturePolicy) {
  const store = createMemorySources()
  await store.create({
    id: 'src_signed',
    workspaceId: 'ws',
    name: 'Signed',
    url,
    scope: null,
    sealedToken: null,
    signaturePolicy: policy,
    createdAt: '2026-03-01T12:00:00.000Z',
  })
  const registries = new NpmRegistries({ storeDir })
  const deps = { catalog: createDemoCatalog([]), sources: { store, registries, tokens: null } }
  return createSourceAccess(deps as unknown as AppDeps)
}

const ctx = {
  workspaceId: 'ws',
  signal: new AbortController().signal,
  report: async () => {},
} as unknown as OperationContext

const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => null,
    (error: unknown) =>
      error instanceof RegistryError ? { code: error.code, message: error.message } : error,
  )

describe('a registry that signs its versions', () => {
  test('with `require`, a validly signed version resolves and downloads; a tampered or missing signature is refused', async () => {
    const access = await sourceWith('require')
    const pkg = await access.resolve('ws', 'src_signed', 'plugboard/hello', '1.0.0')
    expect(pkg?.source).toMatchObject({ type: 'registry', packageName: NAME })
    if (pkg) await access.fetch(ctx, pkg)
    // A refused version is refused before its package is downloaded at all.
    const downloads = requests.filter((path) => path.endsWith('.tgz')).length
    expect(await failure(access.resolve('ws', 'src_signed', 'plugboard/hello', '1.1.0'))).toEqual({
      code: 'SIGNATURE_INVALID',
      message: expect.stringContaining(`the signature of ${NAME}@1.1.0 is invalid`),
    })
    expect(await failure(access.resolve('ws', 'src_signed', 'plugboard/hello', 'latest'))).toEqual({
      code: 'SIGNATURE_INVALID',
      message: expect.stringContaining(`${NAME}@2.0.0 is not signed by 127.0.0.1`),
    })
    expect(requests.filter((path) => path.endsWith('.tgz')).length).toBe(downloads)
  })

  test('with `show`, every version carries its verdict and provenance; nothing is refused', async () => {
    const access = await sourceWith('show')
    const entry = await access.entry('ws', 'src_signed', 'plugboard/hello')
    expect(entry?.versions.map((v) => [v.version, v.trust?.signature, v.trust?.provenance])).toEqual([
      ['2.0.0', 'unsigned', false],
      ['1.1.0', 'invalid', false],
      ['1.0.0', 'signed', true],
    ])
    expect(entry?.versions[2]?.trust).toMatchObject({ keyId: KEY_ID, registry: new URL(url).host })
    expect(await access.resolve('ws', 'src_signed', 'plugboard/hello', '2.0.0')).toBeTruthy()
  })

  test('with `off`, nothing is verified and the keys are never asked for', async () => {
    const access = await sourceWith('off')
    const before = requests.filter((path) => path === '/-/npm/v1/keys').length
    const entry = await access.entry('ws', 'src_signed', 'plugboard/hello')
    expect(entry?.versions.every((v) => v.trust === undefined)).toBe(true)
    expect(await access.resolve('ws', 'src_signed', 'plugboard/hello', '1.1.0')).toBeTruthy()
    expect(requests.filter((path) => path === '/-/npm/v1/keys').length).toBe(before)
  })
})
