import { readFileSync } from 'node:fs'

const PAGE_SIZE = 4096

/** Resident set size of another process in bytes (Linux /proc), or null where unavailable. */
export function processRss(pid: number): number | null {
  try {
    const resident = Number(readFileSync(`/proc/${pid}/statm`, 'utf8').split(' ')[1])
    return Number.isFinite(resident) ? resident * PAGE_SIZE : null
  } catch {
    return null
  }
}
