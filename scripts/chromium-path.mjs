import { existsSync } from 'node:fs'

/** Where Debian's Chromium is (or CHROMIUM_PATH), or null when this machine has none. */
export function chromiumPath() {
  const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser']
  return candidates.find((path) => path && existsSync(path)) ?? null
}
