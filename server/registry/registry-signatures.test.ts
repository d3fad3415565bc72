import { generateKeyPairSync, sign } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type { RegistryConnection } from '#server/app/sources/source-ports.ts'
import { RegistryClient } from './registry-client.ts'
import { keysOf, type RegistryKey, type SignedDist, verifyVersion } from './registry-signatures.ts'

const FIXTURES = join(import.meta.dirname, '..', '..', 'tests', 'fixtures', 'registry-signatures')
const fixture = <T>(name: string): T => JSON.parse(readFileSync(join(FIXTURES, name), 'utf8')) as T

const npmKeys = keysOf(fixture<{ keys: unknown }>('npm-keys.json'))
const signed = fixture<{ name: string; version: string; publishedAt: string; dist: SignedDist }>(
  'npm-signed-version.json',
)
const recordedKeys = fixture<{ status: number; body: unknown }>('keys.json')
const isNumber = fixture<{
  body: { name: string; versions: Record<string, { dist: SignedDist }>; time: Record<string, string> }
}>('is-number.json').body

const verifyNpm = (dist: SignedDist, publishedAt: string | null = signed.publishedAt, keys = npmKeys) =>
  verifyVersion('registry.npmjs.org', signed.name, signed.version, dist, keys, publishedAt)

/** A registry key of the test's own, in the form `/-/npm/v1/keys` publishes. */
function testKey(keyid: string, expires: string | null = null) {
  const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' })
  const key: RegistryKey = {
    keyid,
    key: publicKey.export({ format: 'der', type: 'spki' }).toString('base64'),
    expires,
    keytype: 'ecdsa-sha2-nistp256',
    scheme: 'ecdsa-sha2-nistp256',
  }
  const signOf = (text: string) => sign('sha256', Buffer.from(text), privateKey).toString('base64')
  return { key, signOf }
}

describe('a real npm registry signature, verified offline from the recorded fixtures', () => {
  test("verifies under npm's published key, naming the registry and the key", () => {
    expect(verifyNpm(signed.dist)).toEqual({
      version: '1.0.1',
      signature: 'signed',
      registry: 'registry.npmjs.org',
      keyId: 'SHA256:jl3bwswu80PjjokCgh0o2w5c2U4LhQAE57gj9cz1kzA',
      reason: null,
      provenance: false,
    })
  })

  test('a tampered integrity or signature is invalid', () => {
    const integrity = `${signed.dist.integrity?.slice(0, -4)}AAA=`
    expect(verifyNpm({ ...signed.dist, integrity })).toMatchObject({
      signature: 'invalid',
      reason: expect.stringContaining('does not match'),
    })
    const [original] = signed.dist.signatures ?? []
    const sig = `${original?.sig?.slice(0, 20)}A${original?.sig?.slice(21)}`
    expect(verifyNpm({ ...signed.dist, signatures: [{ keyid: original?.keyid, sig }] })).toMatchObject({
      signature: 'invalid',
    })
    // The same signature claimed for another version of the package does not verify either.
    const other = verifyVersion('registry.npmjs.org', signed.name, '1.0.2', signed.dist, npmKeys, null)
    expect(other.signature).toBe('invalid')
  })

  test('an expired key verifies only what was published before it expired', () => {
    // SHA256:jl3bws… expired on 2025-01-29: a version "published" after that is not verified by it.
    expect(verifyNpm(signed.dist, '2025-02-01T00:00:00.000Z')).toMatchObject({
      signature: 'invalid',
      reason: expect.stringContaining('expired on 2025-01-29'),
    })
    expect(verifyNpm(signed.dist, null).signature).toBe('invalid')
  })

  test('a key the registry does not publish verifies nothing', () => {
    const others = npmKeys.filter((key) => !key.keyid.startsWith('SHA256:jl3'))
    expect(verifyNpm(signed.dist, signed.publishedAt, others)).toMatchObject({
      signature: 'invalid',
      reason: expect.stringContaining('publishes no key SHA256:jl3bws'),
    })
  })

  test('the registry recorded here serves no keys and no signatures: is-number reads as unsigned', () => {
    expect(recordedKeys.status).toBe(404)
    const dist = isNumber.versions['7.0.0']?.dist ?? {}
    expect(verifyVersion('registry.npmjs.org', 'is-number', '7.0.0', dist, npmKeys, null)).toMatchObject({
      signature: 'unsigned',
      keyId: null,
    })
  })

  test("the recorded is-number signed by a key of the registry's own verifies; provenance is reported", () => {
    const { key, signOf } = testKey('SHA256:test-key')
    const { integrity } = isNumber.versions['7.0.0']?.dist ?? {}
    const dist: SignedDist = {
      integrity,
      signatures: [{ keyid: key.keyid, sig: signOf(`is-number@7.0.0:${integrity}`) }],
      attestations: {
        url: 'https://registry.test/-/npm/v1/attestations/is-number@7.0.0',
        provenance: { predicateType: 'https://slsa.dev/provenance/v1' },
      },
    }
    const published = isNumber.time['7.0.0'] ?? null
    expect(verifyVersion('registry.test', 'is-number', '7.0.0', dist, [key], published)).toMatchObject({
      signature: 'signed',
      keyId: 'SHA256:test-key',
      provenance: true,
    })
    // Several signatures: one by a known key suffices.
    const twice = { ...dist, signatures: [{ keyid: 'SHA256:gone', sig: 'AAAA' }, ...(dist.signatures ?? [])] }
    expect(verifyVersion('registry.test', 'is-number', '7.0.0', twice, [key], published).signature).toBe(
      'signed',
    )
  })

  test('keys without their fields are ignored', () => {
    expect(keysOf({ keys: [{ keyid: 'k' }, { key: 'x' }, ...npmKeys] })).toHaveLength(2)
    expect(keysOf(null)).toEqual([])
    expect(keysOf({ keys: 'no' })).toEqual([])
  })
})

describe('RegistryClient.keys over HTTP', () => {
  const requests: string[] = []
  let servesKeys = true
  const server = createServer((request, response) => {
    requests.push(request.url ?? '')
    if (request.url === '/-/npm/v1/keys' && servesKeys) {
      response.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'max-age=300' })
      response.end(JSON.stringify({ keys: npmKeys }))
      return
    }
    response.writeHead(404).end()
  })
  let source: RegistryConnection
  beforeAll(async () => {
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done))
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
    source = { id: 'src', url, scope: null, token: null, signaturePolicy: 'show' }
  })
  afterAll(() => {
    server.close()
  })

  test('reads the keys once and reuses them while fresh; a registry without keys has none', async () => {
    let now = 0
    const client = new RegistryClient({ now: () => now })
    expect((await client.keys(source)).map((key) => key.keyid)).toEqual(npmKeys.map((key) => key.keyid))
    await client.keys(source)
    expect(requests).toEqual(['/-/npm/v1/keys'])
    servesKeys = false
    now += 301_000
    expect(await client.keys(source)).toEqual([])
    expect(requests).toHaveLength(2)
  })
})
