import type { CatalogEntry, MarketplaceQuery } from '#core/api/marketplace-schemas.ts'
import type { SignaturePolicy } from '#core/api/signature-policies.ts'
import type { VersionTrust } from '#core/api/source-schemas.ts'
import type { UpdatePolicy } from '#core/api/update-policy-schemas.ts'
import type { SecretCipher } from '#server/app/config/config-ports.ts'
import type { OperationContext, PackageInfo } from '#server/app/ports.ts'

/** A registry source as stored: its token only ever sealed. */
export interface StoredSource {
  id: string
  workspaceId: string
  name: string
  url: string
  scope: string | null
  sealedToken: string | null
  signaturePolicy: SignaturePolicy
  createdAt: string
}

/** Registry sources per workspace. */
export interface SourceStore {
  list(workspaceId: string): Promise<StoredSource[]>
  get(workspaceId: string, id: string): Promise<StoredSource | null>
  create(source: StoredSource): Promise<void>
  /** False when there was no such source. */
  setSignaturePolicy(workspaceId: string, id: string, policy: SignaturePolicy): Promise<boolean>
  /** False when there was no such source. */
  remove(workspaceId: string, id: string): Promise<boolean>
}

/** What a registry client needs to reach one source: its address and (opened) token. */
export interface RegistryConnection {
  id: string
  url: string
  scope: string | null
  token: string | null
  /** `off`: the entries carry no trust and nothing is verified. */
  signaturePolicy: SignaturePolicy
}

/**
 * Why a registry call failed, as a stable code (mapped from HTTP statuses and error codes, never
 * from the text of a message).
 */
export const REGISTRY_ERROR_CODES = [
  'REGISTRY_UNREACHABLE',
  'REGISTRY_UNAUTHORIZED',
  'VERSION_NOT_FOUND',
  'INTEGRITY_MISMATCH',
  'PACKAGE_INVALID',
  'SIGNATURE_INVALID',
] as const
export type RegistryErrorCode = (typeof REGISTRY_ERROR_CODES)[number]

export class RegistryError extends Error {
  readonly code: RegistryErrorCode
  constructor(code: RegistryErrorCode, message: string) {
    super(message)
    this.name = 'RegistryError'
    this.code = code
  }
}

/**
 * npm-compatible registries: search, package documents, and verified downloads. Every call names
 * the source it goes to; its token is sent to that source's host only.
 */
export interface Registries {
  /** Plugins of the source (packages with the plugin keyword), matching the query. */
  list(source: RegistryConnection, query: MarketplaceQuery): Promise<CatalogEntry[]>
  /** One plugin with every version; changelogs and capabilities from the versions' packages. */
  get(source: RegistryConnection, pluginId: string): Promise<CatalogEntry | null>
  /**
   * Resolves `version` once: the exact version with its integrity and tarball URL, and what its
   * package declares (read from the verified tarball). Throws RegistryError (VERSION_NOT_FOUND, …).
   */
  resolve(source: RegistryConnection, pluginId: string, version: string): Promise<PackageInfo>
  /**
   * Downloads the package `resolve` chose and checks it against its integrity before anything is
   * unpacked (reports the `download` and `verify` steps). Throws RegistryError.
   */
  fetch(ctx: OperationContext, source: RegistryConnection, pkg: PackageInfo): Promise<void>
  /**
   * One version's signature, verified against the keys the registry publishes, and whether it has
   * a provenance attestation. Throws RegistryError (VERSION_NOT_FOUND, unreachable, …).
   */
  trust(source: RegistryConnection, pluginId: string, version: string): Promise<VersionTrust>
}

/** Everything registry sources need, wired together (absent: the local catalog only). */
export interface RegistrySources {
  store: SourceStore
  registries: Registries
  /** The server's cipher of secrets at rest; a token's context binds it to its source. */
  tokens: SecretCipher
}

/** A workspace's update policy and its pinned plugins. */
export interface UpdatePolicyStore {
  /** `{ mode: 'manual', window: null }` until set. */
  get(workspaceId: string): Promise<UpdatePolicy>
  set(workspaceId: string, policy: UpdatePolicy): Promise<void>
  /** Installation ids of the pinned plugins. */
  pins(workspaceId: string): Promise<Set<string>>
  setPinned(workspaceId: string, pluginId: string, pinned: boolean): Promise<void>
  /** Workspaces whose policy updates by itself (the automatic updater's round). */
  automatic(): Promise<string[]>
}
