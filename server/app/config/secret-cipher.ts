import type { SecretCipher } from './config-ports.ts'

/** The key's length: AES-256. */
export const SECRET_KEY_BYTES = 32
const IV_BYTES = 12
const FORMAT = 'v1'

const toBase64 = (bytes: Uint8Array) => btoa(String.fromCharCode(...bytes))
const fromBase64 = (text: string) => Uint8Array.from(atob(text), (char) => char.charCodeAt(0))
const encoder = new TextEncoder()

/**
 * AES-256-GCM through WebCrypto (Node 20 and browsers alike). A sealed value is
 * `v1:<iv>:<ciphertext+tag>` in base64; the field it belongs to is the additional data, so a sealed
 * value copied onto another field or plugin does not open.
 */
export function createSecretCipher(keyBytes: Uint8Array): SecretCipher {
  if (keyBytes.length !== SECRET_KEY_BYTES) {
    throw new Error(`the secret key must be ${SECRET_KEY_BYTES} bytes, got ${keyBytes.length}`)
  }
  const key = globalThis.crypto.subtle.importKey('raw', new Uint8Array(keyBytes), 'AES-GCM', false, [
    'encrypt',
    'decrypt',
  ])
  return {
    async seal(plain, context) {
      const iv = globalThis.crypto.getRandomValues(new Uint8Array(IV_BYTES))
      const data = await globalThis.crypto.subtle.encrypt(
        { name: 'AES-GCM', iv, additionalData: encoder.encode(context) },
        await key,
        encoder.encode(plain),
      )
      return `${FORMAT}:${toBase64(iv)}:${toBase64(new Uint8Array(data))}`
    },
    async open(sealed, context) {
      const [format, iv, data] = sealed.split(':')
      if (format !== FORMAT || !iv || !data) throw new Error('not a sealed secret')
      const plain = await globalThis.crypto.subtle.decrypt(
        { name: 'AES-GCM', iv: fromBase64(iv), additionalData: encoder.encode(context) },
        await key,
        fromBase64(data),
      )
      return new TextDecoder().decode(plain)
    },
  }
}

/** Where a sealed value belongs: its workspace, plugin, module and field. */
export function secretContext(workspaceId: string, pluginId: string, module: string, field: string): string {
  return `${workspaceId}/${pluginId}/${module}/${field}`
}
