import { afterAll, beforeAll, expect, test, vi } from 'vitest'
import { ErrorBodySchema } from '#core/api/common-schemas.ts'
import { setupTestApp, type TestApp, WS } from '#server/app/app.test-helpers.ts'
import { appState } from '#server/app/http/app-state.test-helpers.ts'
import { buildOpenApiDocument } from '#server/app/openapi/openapi-document.ts'

/**
 * Every operation of the published OpenAPI document, driven with malformed input: NUL, unpaired
 * surrogates, malformed UTF-8, control characters, overlong and seeded random text in each path
 * parameter, query parameter and body field; wrong types; unknown fields; a wrong content type;
 * a body over the cap. Nothing may answer 5xx, every refusal has the one error shape, and a
 * refused request changes nothing. The document is read as JSON only (its paths, parameters and
 * request body schemas), as an outside client would.
 */

type JsonSchema = {
  type?: string | string[]
  properties?: Record<string, JsonSchema>
  required?: string[]
  items?: JsonSchema
  enum?: unknown[]
  const?: unknown
  oneOf?: JsonSchema[]
  anyOf?: JsonSchema[]
  default?: unknown
}
interface Parameter {
  name: string
  in: 'path' | 'query'
  schema: JsonSchema
}
interface Operation {
  parameters?: Parameter[]
  requestBody?: { content: Record<string, { schema: JsonSchema }> }
}
interface Variant {
  label: string
  path: string
  query?: string
  init?: RequestInit
  /** The status this variant must get, when the rule is that precise. */
  expected?: number
}

/** mulberry32: a small seeded generator, so every run sends the same requests. */
function seeded(seed: number) {
  let state = seed
  return () => {
    state = (state + 0x6d2b79f5) | 0
    let x = Math.imul(state ^ (state >>> 15), 1 | state)
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296
  }
}
const random = seeded(20261201)
/** Random text over controls, ASCII, Latin, surrogate halves and astral code points. */
function garbage(length: number): string {
  const ranges = [
    [0x00, 0x1f],
    [0x20, 0x7e],
    [0x80, 0x2ff],
    [0xd800, 0xdfff],
    [0x1f300, 0x1f5ff],
  ] as const
  let text = ''
  for (let i = 0; i < length; i++) {
    const [low, high] = ranges[Math.floor(random() * ranges.length)] ?? ranges[1]
    text += String.fromCodePoint(low + Math.floor(random() * (high - low + 1)))
  }
  return text
}

/** Bad text for a URL: already percent-encoded, since a lone surrogate has no UTF-8 form. */
const BAD_URL_TEXT: [string, string, number | undefined][] = [
  ['NUL', 'a%00b', undefined],
  ['lone surrogate', '%ED%A0%80', undefined],
  ['overlong UTF-8', '%C0%80', undefined],
  ['truncated UTF-8', '%E2%82', undefined],
  ['controls', '%01%1F%7F', undefined],
  ['very long', 'x'.repeat(8_000), undefined],
]
const BAD_JSON_VALUES: [string, unknown][] = [
  ['NUL', 'a\u0000b'],
  ['lone surrogate', 'lone \ud800'],
  ['controls', '\u0001\u001b[31m\u007f'],
  ['very long', 'x'.repeat(100_000)],
  ['number', 12345],
  ['negative', -1],
  ['huge number', 1e308],
  ['boolean', true],
  ['null', null],
  ['array', []],
  ['object', {}],
]

/** A plausible value for a schema: enough to reach the field being broken, not necessarily valid. */
function sample(schema: JsonSchema | undefined, depth = 0): unknown {
  if (!schema || depth > 6) return 'x'
  if (schema.const !== undefined) return schema.const
  if (schema.enum) return schema.enum[0]
  if (schema.default !== undefined) return schema.default
  const choice = schema.oneOf?.[0] ?? schema.anyOf?.[0]
  if (choice) return sample(choice, depth + 1)
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type
  if (type === 'object') {
    return Object.fromEntries(
      Object.entries(schema.properties ?? {}).map(([key, value]) => [key, sample(value, depth + 1)]),
    )
  }
  if (type === 'array') return [sample(schema.items, depth + 1)]
  if (type === 'integer' || type === 'number') return 1
  if (type === 'boolean') return true
  return 'x'
}

/** Every leaf of a sample value, as a path of keys and indexes. */
function leaves(value: unknown, path: (string | number)[] = []): (string | number)[][] {
  if (Array.isArray(value)) return value.flatMap((item, index) => leaves(item, [...path, index]))
  if (value && typeof value === 'object') {
    return Object.entries(value).flatMap(([key, item]) => leaves(item, [...path, key]))
  }
  return [path]
}

function replaced(value: unknown, path: (string | number)[], by: unknown): unknown {
  const [head, ...rest] = path
  if (head === undefined) return by
  const copy = (Array.isArray(value) ? [...value] : { ...(value as object) }) as Record<
    string | number,
    unknown
  >
  copy[head] = replaced(copy[head], rest, by)
  return copy
}

const jsonInit = (method: string, body: string, type = 'application/json'): RequestInit => ({
  method,
  body,
  headers: { 'content-type': type },
})

let t: TestApp
let good: Record<string, string>
let doc: { paths: Record<string, Record<string, Operation>> }

beforeAll(async () => {
  t = setupTestApp()
  doc = JSON.parse(JSON.stringify(buildOpenApiDocument('fuzz')))
  const { task, plugin } = await t.install('acme/hello-world', '1.0.0')
  const [owner] = await t.deps.accounts.listMembers(WS)
  good = {
    ws: WS,
    id: plugin?.id ?? 'missing',
    taskId: task.id,
    userId: owner?.id ?? 'missing',
    org: 'acme',
    name: 'hello-world',
    pluginId: encodeURIComponent('acme/hello-world'),
  }
})
afterAll(() => {
  vi.useRealTimers()
})

function variantsOf(method: string, template: string, operation: Operation): Variant[] {
  const params = operation.parameters ?? []
  const pathOf = (override: Record<string, string> = {}) =>
    template.replace(/\{(\w+)\}/g, (_, name: string) => override[name] ?? good[name] ?? 'x')
  const content = operation.requestBody?.content ?? {}
  const jsonSchema = content['application/json']?.schema
  const upload = 'multipart/form-data' in content
  const base = jsonSchema ? JSON.stringify(sample(jsonSchema)) : undefined
  const baseInit: RequestInit = base === undefined ? { method } : jsonInit(method, base)
  const variants: Variant[] = []

  for (const param of params.filter((p) => p.in === 'path')) {
    for (const [label, text] of [
      ...BAD_URL_TEXT,
      ['random', encodeURIComponent(garbage(12).replace(/\p{Cs}/gu, ''))] as const,
    ]) {
      const expected = label === 'NUL' || label === 'lone surrogate' ? 404 : undefined
      variants.push({
        label: `path ${param.name}: ${label}`,
        path: pathOf({ [param.name]: text }),
        init: baseInit,
        ...(expected ? { expected } : {}),
      })
    }
  }
  for (const param of params.filter((p) => p.in === 'query')) {
    const wrongType = param.schema.type === 'integer' || param.schema.type === 'number' ? 'abc' : undefined
    const extra: [string, string, number | undefined][] = [
      ['not in the enum', 'bogus-value', param.schema.enum ? 400 : undefined],
      ['wrong type', wrongType ?? '%5B%5D', wrongType ? 400 : undefined],
    ]
    for (const [label, text, status] of [...BAD_URL_TEXT, ...extra]) {
      const expected = label === 'NUL' || label === 'lone surrogate' ? 400 : status
      variants.push({
        label: `query ${param.name}: ${label}`,
        path: pathOf(),
        query: `${param.name}=${text}`,
        init: baseInit,
        ...(expected ? { expected } : {}),
      })
    }
  }
  if (method === 'get') return variants

  if (jsonSchema) {
    const example = sample(jsonSchema)
    for (const leaf of leaves(example)) {
      for (const [label, value] of [...BAD_JSON_VALUES, ['random', garbage(40)] as const]) {
        const body = JSON.stringify(replaced(example, leaf, value))
        const expected = label === 'NUL' || label === 'lone surrogate' ? 400 : undefined
        variants.push({
          label: `body ${leaf.join('.')}: ${label}`,
          path: pathOf(),
          init: jsonInit(method, body),
          ...(expected ? { expected } : {}),
        })
      }
    }
    const withUnknown = JSON.stringify({ ...(example as object), unknownField: 'x' })
    variants.push({
      label: 'body: unknown field',
      path: pathOf(),
      init: jsonInit(method, withUnknown),
      expected: 400,
    })
    for (const [label, text] of [
      ['malformed JSON', '{"a":'],
      ['not an object', '[1,2]'],
      ['a bare string', '"x"'],
      ['empty', ''],
      ['deeply nested', `${'['.repeat(5_000)}${']'.repeat(5_000)}`],
    ] as const) {
      variants.push({ label: `body: ${label}`, path: pathOf(), init: jsonInit(method, text), expected: 400 })
    }
  }
  const sent = base ?? '{}'
  if (!upload) {
    variants.push({
      label: 'content type text/plain',
      path: pathOf(),
      init: jsonInit(method, sent, 'text/plain'),
      expected: 415,
    })
    variants.push({
      label: 'content type multipart',
      path: pathOf(),
      init: jsonInit(method, sent, 'multipart/form-data; boundary=x'),
      expected: 415,
    })
    const oversized = JSON.stringify({ padding: 'p'.repeat(1024 * 1024) })
    variants.push({
      label: 'body over the cap',
      path: pathOf(),
      init: jsonInit(method, oversized),
      expected: 413,
    })
  } else {
    variants.push({ label: 'upload as JSON', path: pathOf(), init: jsonInit(method, '{}'), expected: 415 })
    const form = new FormData()
    form.append('file', new Blob([garbage(200)]), 'junk.tgz')
    variants.push({ label: 'upload of junk', path: pathOf(), init: { method, body: form }, expected: 422 })
    const huge = new FormData()
    const overCap = (t.deps.packages?.maxBytes ?? 0) + 128 * 1024
    huge.append('file', new Blob([new Uint8Array(overCap)]), 'huge.tgz')
    variants.push({
      label: 'upload over the cap',
      path: pathOf(),
      init: { method, body: huge },
      expected: 413,
    })
    const empty = new FormData()
    empty.append('other', 'x')
    variants.push({
      label: 'upload without its file',
      path: pathOf(),
      init: { method, body: empty },
      expected: 400,
    })
  }
  return variants
}

test('every operation refuses malformed input with a 4xx in the error shape, changing nothing', async () => {
  const failures: string[] = []
  let sent = 0
  for (const [template, operations] of Object.entries(doc.paths)) {
    for (const [method, operation] of Object.entries(operations)) {
      for (const variant of variantsOf(method, template, operation)) {
        const url = variant.query ? `${variant.path}?${variant.query}` : variant.path
        const name = `${method.toUpperCase()} ${template} (${variant.label})`
        const before = await appState(t.deps, WS)
        const response = await t.app.request(url, { ...variant.init, method: method.toUpperCase() })
        sent++
        if (response.headers.get('content-type')?.startsWith('text/event-stream')) {
          // An accepted stream never ends by itself: it opened, so it was not refused. Close it.
          await response.body?.cancel()
          continue
        }
        const text = await response.text()
        if (response.status >= 500) failures.push(`${name}: ${response.status} ${text.slice(0, 200)}`)
        if (variant.expected && response.status !== variant.expected) {
          failures.push(`${name}: expected ${variant.expected}, got ${response.status} ${text.slice(0, 200)}`)
        }
        if (response.status < 400) continue
        let shaped = false
        try {
          shaped = ErrorBodySchema.safeParse(JSON.parse(text)).success
        } catch {}
        if (!shaped) failures.push(`${name}: not the error shape: ${text.slice(0, 200)}`)
        const after = await appState(t.deps, WS)
        if (JSON.stringify(after) !== JSON.stringify(before))
          failures.push(`${name}: refused but changed state`)
      }
    }
  }
  expect(failures).toEqual([])
  // Every operation of the document was driven (a few variants each, at least).
  expect(sent).toBeGreaterThan(Object.keys(doc.paths).length * 5)
}, 60_000)
