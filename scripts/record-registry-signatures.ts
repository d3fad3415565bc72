/**
 * Records, once, what the npm registry answers for signature checks, for the offline tests in
 * server/registry/registry-signatures.test.ts:
 *
 *   npx tsx scripts/record-registry-signatures.ts [registry-url]
 *
 * Writes tests/fixtures/registry-signatures/: `keys.json` (the status and body of
 * `/-/npm/v1/keys`) and `is-number.json` (the package document of is-number reduced to 7.0.0, its
 * `dist` exactly as served, signatures included when the registry sends them). It also writes
 * `npm-keys.json`, npm's public signing keys as the Node install's own corepack ships them (a second,
 * independent record of the keys npm signs with), when corepack is installed.
 */
import { readFile, writeFile } from 'node:fs/promises'
import { dirname, join } from 'node:path'

const registry = (process.argv[2] ?? 'https://registry.npmjs.org').replace(/\/+$/, '')
const out = join(import.meta.dirname, '..', 'tests', 'fixtures', 'registry-signatures')
const PACKAGE = 'is-number'
const VERSION = '7.0.0'

async function get(url: string): Promise<{ status: number; body: unknown }> {
  const response = await fetch(url, { headers: { accept: 'application/json' } })
  const text = await response.text()
  let body: unknown = null
  try {
    body = text ? JSON.parse(text) : null
  } catch {
    body = text
  }
  return { status: response.status, body }
}

const write = (name: string, value: unknown) =>
  writeFile(join(out, name), `${JSON.stringify(value, null, 2)}\n`)

const recordedAt = new Date().toISOString()
const keys = await get(`${registry}/-/npm/v1/keys`)
await write('keys.json', { url: `${registry}/-/npm/v1/keys`, recordedAt, ...keys })

const doc = await get(`${registry}/${PACKAGE}`)
const packument = doc.body as {
  name: string
  versions: Record<string, { dist: Record<string, unknown> }>
  time?: Record<string, string>
}
const version = packument.versions?.[VERSION]
if (doc.status !== 200 || !version) throw new Error(`${registry}/${PACKAGE} answered ${doc.status}`)
await write(`${PACKAGE}.json`, {
  url: `${registry}/${PACKAGE}`,
  recordedAt,
  body: {
    name: packument.name,
    'dist-tags': { latest: VERSION },
    versions: { [VERSION]: { name: packument.name, version: VERSION, dist: version.dist } },
    time: packument.time?.[VERSION] ? { [VERSION]: packument.time[VERSION] } : {},
  },
})

// Corepack verifies the package managers it downloads against npm's keys, and ships them.
const corepack = join(
  dirname(process.execPath),
  '..',
  'lib',
  'node_modules',
  'corepack',
  'dist',
  'lib',
  'corepack.cjs',
)
const source = await readFile(corepack, 'utf8').catch(() => null)
const block = source && /keys:\s*\{\s*npm:\s*(\[[\s\S]*?\])\s*\}/.exec(source)?.[1]
if (block) {
  // A JavaScript literal with bare keys, one per line: quoted, it is JSON.
  const npmKeys = JSON.parse(block.replace(/^(\s*)(\w+):/gm, '$1"$2":').replace(/,(\s*[}\]])/g, '$1'))
  await write('npm-keys.json', { source: 'corepack (bundled with Node)', keys: npmKeys })
}

const signatures = (version.dist as { signatures?: unknown[] }).signatures ?? []
process.stdout.write(
  `keys: ${keys.status}; ${PACKAGE}@${VERSION}: ${signatures.length} signature(s); npm keys from corepack: ${block ? 'yes' : 'no'}\n`,
)
