import { randomBytes } from 'node:crypto'
import { mkdir, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { Logger } from '#server/node-http/logger.ts'

const KEY_BYTES = 32

/**
 * The key sealing registry tokens at rest: PLUGBOARD_SECRET_KEY (base64 of 32 bytes) when the
 * operator gives one, otherwise one generated at the first start into DATA_DIR/secret.key (0600),
 * with a warning: whoever has that folder has the key.
 */
export async function loadTokenKey(
  fromEnv: string | undefined,
  dataDir: string,
  logger: Logger,
): Promise<Uint8Array> {
  const decode = (text: string, where: string) => {
    const bytes = Buffer.from(text.trim(), 'base64')
    if (bytes.length !== KEY_BYTES) throw new Error(`${where} must be ${KEY_BYTES} bytes in base64`)
    return new Uint8Array(bytes)
  }
  if (fromEnv) return decode(fromEnv, 'PLUGBOARD_SECRET_KEY')
  await mkdir(dataDir, { recursive: true })
  const path = join(dataDir, 'secret.key')
  const existing = await readFile(path, 'utf8').catch(() => null)
  if (existing !== null) return decode(existing, path)
  await writeFile(path, `${randomBytes(KEY_BYTES).toString('base64')}\n`, { mode: 0o600, flag: 'wx' }).catch(
    (error: NodeJS.ErrnoException) => {
      if (error.code !== 'EEXIST') throw error
    },
  )
  logger.warn('no PLUGBOARD_SECRET_KEY: generated a key for stored tokens; keep it with the data', {
    file: path,
  })
  return decode(await readFile(path, 'utf8'), path)
}
