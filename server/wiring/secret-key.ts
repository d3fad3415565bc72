import { randomBytes } from 'node:crypto'
import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { SECRET_KEY_BYTES } from '#server/app/config/secret-cipher.ts'
import type { Logger } from '#server/node-http/logger.ts'

/** The file a generated key is kept in, inside DATA_DIR. */
export const SECRET_KEY_FILE = 'secret.key'

function decode(text: string, where: string): Uint8Array {
  const bytes = Buffer.from(text.trim(), 'base64')
  if (bytes.length !== SECRET_KEY_BYTES) {
    throw new Error(`${where} must be ${SECRET_KEY_BYTES} bytes in base64, got ${bytes.length} bytes`)
  }
  return new Uint8Array(bytes)
}

/**
 * The key that seals plugin secrets at rest: PLUGBOARD_SECRET_KEY (base64, 32 bytes) when the
 * operator gives one; otherwise the one generated at the first start into DATA_DIR/secret.key
 * (mode 0600), with a warning: whoever has that folder has the key, and a lost key means every
 * stored secret must be typed again.
 */
export async function loadSecretKey(
  fromEnv: string | undefined,
  dataDir: string,
  logger: Logger,
): Promise<Uint8Array> {
  if (fromEnv) return decode(fromEnv, 'PLUGBOARD_SECRET_KEY')
  const path = join(dataDir, SECRET_KEY_FILE)
  const existing = await readFile(path, 'utf8').catch(() => null)
  if (existing !== null) return decode(existing, path)
  const key = randomBytes(SECRET_KEY_BYTES)
  // `wx`: two processes starting at once never overwrite each other's key.
  await writeFile(path, `${key.toString('base64')}\n`, { mode: 0o600, flag: 'wx' }).catch(async (error) => {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
  })
  logger.warn('no PLUGBOARD_SECRET_KEY: generated a key for plugin secrets; keep it with the data', {
    file: path,
  })
  return decode(await readFile(path, 'utf8'), path)
}
