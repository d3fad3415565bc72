import type { TokenCipher } from './source-ports.ts'

const FORMAT = 't1'
const encoder = new TextEncoder()
const toBase64 = (bytes: Uint8Array) => btoa(String.fromCharCode(...bytes))
const fromBase64 = (text: string) => Uint8Array.from(atob(text), (char) => char.charCodeAt(0))

/**
 * Registry tokens sealed at rest with AES-256-GCM (WebCrypto: Node and browsers alike):
 * `t1:<iv>:<ciphertext+tag>`, the source it belongs to as additional data so a sealed token copied
 * onto another source does not open.
 */
export function createTokenCipher(keyBytes: Uint8Array): TokenCipher {
  if (keyBytes.length !== 32) throw new Error(`the token key must be 32 bytes, got ${keyBytes.length}`)
  const key = globalThis.crypto.subtle.importKey('raw', new Uint8Array(keyBytes), 'AES-GCM', false, [
    'encrypt',
    'decrypt',
  ])
  return {
    async seal(plain, context) {
      const iv = globalThis.crypto.getRandomValues(new Uint8Array(12))
      const additionalData = encoder.encode(context)
      const data = await globalThis.crypto.subtle.encrypt(
        { name: 'AES-GCM', iv, additionalData },
        await key,
        encoder.encode(plain),
      )
      return `${FORMAT}:${toBase64(iv)}:${toBase64(new Uint8Array(data))}`
    },
    async open(sealed, context) {
      const [format, iv, data] = sealed.split(':')
      if (format !== FORMAT || !iv || !data) throw new Error('not a sealed token')
      const additionalData = encoder.encode(context)
      const plain = await globalThis.crypto.subtle.decrypt(
        { name: 'AES-GCM', iv: fromBase64(iv), additionalData },
        await key,
        fromBase64(data),
      )
      return new TextDecoder().decode(plain)
    },
  }
}
