import { readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { isRunning, type ProcessIdentity, processIdentity } from '#server/node-process/process-identity.ts'

const LOCK_FILE = 'plugboard.pid'

/** `<pid> <start time>`; a lock written before start times were recorded holds the pid alone. */
function parseLock(text: string): ProcessIdentity | null {
  const [pid, startTime] = text.trim().split(/\s+/)
  const number = Number(pid)
  if (!Number.isInteger(number) || number <= 0) return null
  return { pid: number, startTime: startTime || null }
}

function formatLock(identity: ProcessIdentity): string {
  return identity.startTime ? `${identity.pid} ${identity.startTime}` : String(identity.pid)
}

/**
 * PGlite has no locking of its own: a second process on the same data directory would corrupt it.
 * The first one writes its pid and start time here. A lock is stale, and taken over, when its
 * process is gone, is a zombie, or is another process that got the same pid later (after a reboot
 * a pid is soon reused, so the pid's existence alone would refuse every start).
 * Returns the release function.
 */
export function lockDataDir(dataDir: string): () => void {
  const path = join(dataDir, LOCK_FILE)
  const self = processIdentity()
  try {
    writeFileSync(path, formatLock(self), { flag: 'wx' })
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
    const holder = parseLock(readFileSync(path, 'utf8'))
    if (holder && holder.pid !== self.pid && isRunning(holder)) {
      throw new Error(
        `${dataDir} is in use by another Plugboard process (pid ${holder.pid}); stop it or set DATA_DIR`,
      )
    }
    writeFileSync(path, formatLock(self))
  }
  return () => rmSync(path, { force: true })
}
