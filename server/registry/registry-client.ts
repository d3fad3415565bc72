import { createHash } from 'node:crypto'
import { createWriteStream } from 'node:fs'
import { rename, rm } from 'node:fs/promises'
import { Readable, Transform } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { type RegistryConnection, RegistryError } from '#server/app/sources/source-ports.ts'
import { keysOf, type RegistryKey, type SignedDist } from './registry-signatures.ts'

/** A search hit: the fields every npm-compatible registry answers. */
export interface SearchHit {
  name: string
  description: string
  keywords: string[]
  date: string | null
}

/** The parts of a package document (packument) the marketplace reads. */
export interface Packument {
  name: string
  'dist-tags': Record<string, string>
  versions: Record<
    string,
    {
      version: string
      description?: string
      keywords?: string[]
      deprecated?: string
      dist: SignedDist & { tarball: string; integrity?: string; shasum?: string }
    }
  >
  time?: Record<string, string>
  readme?: string
}

interface Cached {
  etag: string | null
  body: unknown
  freshUntil: number
}

export interface RegistryClientOptions {
  /** Per request, default 10 s. */
  timeoutMs?: number
  /** How long an answer without `max-age` is reused before revalidating, default 30 s. */
  defaultMaxAgeMs?: number
  now?: () => number
}

const MAX_AGE = /max-age=(\d+)/

/**
 * HTTP for npm-compatible registries: JSON answers cached per URL (reused while fresh, then
 * revalidated with If-None-Match), a timeout on every request, and failures as typed
 * RegistryErrors. A source's token goes to that source's own origin and nowhere else (a tarball
 * URL on another host is fetched without it).
 */
export class RegistryClient {
  private readonly cache = new Map<string, Cached>()
  private readonly timeoutMs: number
  private readonly defaultMaxAgeMs: number
  private readonly now: () => number

  constructor(options: RegistryClientOptions = {}) {
    this.timeoutMs = options.timeoutMs ?? 10_000
    this.defaultMaxAgeMs = options.defaultMaxAgeMs ?? 30_000
    this.now = options.now ?? Date.now
  }

  /** Search hits for `text` (`keywords:…` where the registry understands it). */
  async search(source: RegistryConnection, text: string, size = 250): Promise<SearchHit[]> {
    const url = `${source.url}/-/v1/search?text=${encodeURIComponent(text)}&size=${size}`
    const body = (await this.json(source, url)) as { objects?: { package?: Partial<SearchHit> }[] }
    return (body.objects ?? []).flatMap(({ package: pkg }) =>
      pkg?.name
        ? [
            {
              name: pkg.name,
              description: pkg.description ?? '',
              keywords: Array.isArray(pkg.keywords) ? pkg.keywords : [],
              date: typeof pkg.date === 'string' ? pkg.date : null,
            },
          ]
        : [],
    )
  }

  /** The package document, or null when the registry has no such package. */
  async packument(source: RegistryConnection, name: string): Promise<Packument | null> {
    try {
      return (await this.json(source, `${source.url}/${name.replace('/', '%2f')}`)) as Packument
    } catch (error) {
      if (error instanceof RegistryError && error.code === 'VERSION_NOT_FOUND') return null
      throw error
    }
  }

  /**
   * The keys the registry signs versions with (`/-/npm/v1/keys`), cached like every document; a
   * registry that publishes none (404) has no keys, so none of its versions verifies.
   */
  async keys(source: RegistryConnection): Promise<RegistryKey[]> {
    try {
      return keysOf(await this.json(source, `${source.url}/-/npm/v1/keys`))
    } catch (error) {
      if (error instanceof RegistryError && error.code === 'VERSION_NOT_FOUND') return []
      throw error
    }
  }

  /**
   * Streams a tarball into `file` while hashing it, and keeps it only when its sha512 equals
   * `integrity` (`sha512-<base64>`). Throws INTEGRITY_MISMATCH (and leaves nothing) otherwise.
   */
  async download(
    source: RegistryConnection,
    tarball: string,
    integrity: string,
    file: string,
    onBytes: (received: number, total: number | null) => void = () => {},
    signal?: AbortSignal,
  ): Promise<void> {
    const expected = parseSha512(integrity)
    const response = await this.request(source, tarball, {}, signal)
    if (!response.ok || !response.body) throw statusError(response.status, tarball)
    const total = Number(response.headers.get('content-length')) || null
    const hash = createHash('sha512')
    let received = 0
    const meter = new Transform({
      transform(chunk: Buffer, _encoding, done) {
        hash.update(chunk)
        received += chunk.length
        onBytes(received, total)
        done(null, chunk)
      },
    })
    const partial = `${file}.partial`
    try {
      await pipeline(Readable.fromWeb(response.body as never), meter, createWriteStream(partial))
    } catch (error) {
      await rm(partial, { force: true })
      throw unreachable(tarball, error)
    }
    const actual = hash.digest('base64')
    if (actual !== expected) {
      await rm(partial, { force: true })
      throw new RegistryError(
        'INTEGRITY_MISMATCH',
        `the tarball of ${tarball} does not match its integrity: expected sha512-${expected}, got sha512-${actual}`,
      )
    }
    await rename(partial, file)
  }

  private async json(source: RegistryConnection, url: string): Promise<unknown> {
    // What one token may read, another may not: the cache is per URL and per credential.
    const key = `${source.token ? createHash('sha256').update(source.token).digest('hex') : '-'} ${url}`
    const cached = this.cache.get(key)
    if (cached && cached.freshUntil > this.now()) return cached.body
    const headers: Record<string, string> = { accept: 'application/json' }
    if (cached?.etag) headers['if-none-match'] = cached.etag
    const response = await this.request(source, url, headers)
    const maxAge = MAX_AGE.exec(response.headers.get('cache-control') ?? '')
    const freshUntil = this.now() + (maxAge ? Number(maxAge[1]) * 1_000 : this.defaultMaxAgeMs)
    const etag = response.headers.get('etag')
    // 304, or the same ETag again (registries that ignore If-None-Match): the cached body holds.
    if (cached && (response.status === 304 || (etag && etag === cached.etag))) {
      await response.body?.cancel()
      this.cache.set(key, { ...cached, freshUntil })
      return cached.body
    }
    if (!response.ok) {
      await response.body?.cancel()
      throw statusError(response.status, url)
    }
    let body: unknown
    try {
      body = await response.json()
    } catch (error) {
      throw unreachable(url, error)
    }
    this.cache.set(key, { etag, body, freshUntil })
    return body
  }

  private async request(
    source: RegistryConnection,
    url: string,
    headers: Record<string, string>,
    signal?: AbortSignal,
  ): Promise<Response> {
    const timeout = AbortSignal.timeout(this.timeoutMs)
    let target = url
    // Redirects are followed by hand: the token goes along only while the target stays on the
    // source's own origin (a tarball redirected to a CDN is fetched without it).
    for (let hop = 0; hop <= MAX_REDIRECTS; hop++) {
      const all = { ...headers }
      if (source.token && sameOrigin(target, source.url)) all.authorization = `Bearer ${source.token}`
      let response: Response
      try {
        response = await fetch(target, {
          headers: all,
          redirect: 'manual',
          signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
        })
      } catch (error) {
        if (signal?.aborted) throw error
        throw unreachable(target, error)
      }
      const location = response.headers.get('location')
      if (response.status < 300 || response.status >= 400 || !location) return response
      await response.body?.cancel()
      target = new URL(location, target).href
    }
    throw new RegistryError('REGISTRY_UNREACHABLE', `too many redirects from ${url}`)
  }
}

const MAX_REDIRECTS = 5

const sameOrigin = (a: string, b: string) => {
  try {
    return new URL(a).origin === new URL(b).origin
  } catch {
    return false
  }
}

function parseSha512(integrity: string): string {
  const entry = integrity
    .split(/\s+/)
    .find((part) => part.startsWith('sha512-'))
    ?.slice('sha512-'.length)
  if (!entry)
    throw new RegistryError('INTEGRITY_MISMATCH', `no sha512 integrity to check against: ${integrity}`)
  return entry.split('?')[0] ?? entry
}

function statusError(status: number, url: string): RegistryError {
  if (status === 401 || status === 403)
    return new RegistryError('REGISTRY_UNAUTHORIZED', `the registry refused access to ${url} (${status})`)
  if (status === 404) return new RegistryError('VERSION_NOT_FOUND', `the registry has no ${url}`)
  return new RegistryError('REGISTRY_UNREACHABLE', `the registry answered ${status} for ${url}`)
}

function unreachable(url: string, error: unknown): RegistryError {
  const cause = error as { name?: string; cause?: { code?: string }; message?: string }
  const why =
    cause?.name === 'TimeoutError' ? 'timed out' : (cause?.cause?.code ?? cause?.message ?? 'failed')
  return new RegistryError('REGISTRY_UNREACHABLE', `the registry could not be reached (${url}: ${why})`)
}
