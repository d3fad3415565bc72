import { createPublicKey, verify } from 'node:crypto'
import type { VersionTrust } from '#core/api/source-schemas.ts'

/** One key of a registry's `GET /-/npm/v1/keys`. */
export interface RegistryKey {
  keyid: string
  /** base64 of the SPKI DER public key. */
  key: string
  /** After this instant the key verifies no signature made later; null: it does not expire. */
  expires: string | null
  keytype?: string
  scheme?: string
}

/** The parts of a version's `dist` that carry its signatures and provenance. */
export interface SignedDist {
  integrity?: string
  signatures?: { keyid?: string; sig?: string }[]
  attestations?: { url?: string; provenance?: { predicateType?: string } }
}

/** The keys of a `/-/npm/v1/keys` answer that have the fields a verification needs. */
export function keysOf(body: unknown): RegistryKey[] {
  const keys = (body as { keys?: unknown } | null)?.keys
  if (!Array.isArray(keys)) return []
  return keys.filter(
    (key): key is RegistryKey =>
      typeof key?.keyid === 'string' &&
      typeof key?.key === 'string' &&
      (key.expires === null || key.expires === undefined || typeof key.expires === 'string'),
  )
}

/**
 * Verifies a version's npm registry signature the way npm does: each `dist.signatures` entry
 * signs `${name}@${version}:${integrity}` with ECDSA P-256 / SHA-256 (the signature base64 DER),
 * under the key of its `keyid`. A key past its `expires` verifies only what was published before
 * then (`publishedAt`; unknown publish time: not at all). Provenance is only reported as present.
 */
export function verifyVersion(
  registry: string,
  name: string,
  version: string,
  dist: SignedDist,
  keys: RegistryKey[],
  publishedAt: string | null,
): VersionTrust {
  const provenance = typeof dist.attestations?.provenance?.predicateType === 'string'
  const base = { version, registry, provenance }
  const signatures = (dist.signatures ?? []).filter((s) => s.keyid && s.sig)
  if (signatures.length === 0 || !dist.integrity)
    return { ...base, signature: 'unsigned', keyId: null, reason: null }
  const message = Buffer.from(`${name}@${version}:${dist.integrity}`)
  let failure: { keyId: string; reason: string } | null = null
  for (const { keyid, sig } of signatures) {
    const keyId = keyid ?? ''
    const key = keys.find((candidate) => candidate.keyid === keyId)
    if (!key) {
      failure ??= { keyId, reason: `${registry} publishes no key ${keyId}` }
      continue
    }
    if (key.expires && !(publishedAt && Date.parse(publishedAt) < Date.parse(key.expires))) {
      failure ??= { keyId, reason: `key ${keyId} expired on ${key.expires}` }
      continue
    }
    if (verifies(key.key, message, sig ?? '')) return { ...base, signature: 'signed', keyId, reason: null }
    failure = { keyId, reason: `the signature by key ${keyId} does not match ${name}@${version}` }
  }
  return { ...base, signature: 'invalid', keyId: failure?.keyId ?? null, reason: failure?.reason ?? null }
}

function verifies(spkiBase64: string, message: Buffer, signatureBase64: string): boolean {
  try {
    const key = createPublicKey({ key: Buffer.from(spkiBase64, 'base64'), format: 'der', type: 'spki' })
    return verify('sha256', message, key, Buffer.from(signatureBase64, 'base64'))
  } catch {
    // A malformed key or signature verifies nothing.
    return false
  }
}
