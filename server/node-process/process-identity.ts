import { readFileSync } from 'node:fs'

/**
 * A process as it can be told apart from a later one that got the same pid: its pid and its start
 * time (Linux: clock ticks since boot, field 22 of /proc/<pid>/stat; null where /proc is missing).
 */
export interface ProcessIdentity {
  pid: number
  startTime: string | null
}

interface ProcStat {
  /** One letter: R running, S sleeping, Z zombie, … */
  state: string
  startTime: string
}

/**
 * The fields of /proc/<pid>/stat from the third on (`[0]` is the state, `[1]` the parent pid, `[2]`
 * the process group, `[19]` the start time), or null when there is no such process; throws without
 * /proc.
 */
export function procStatFields(pid: number): string[] | null {
  let text: string
  try {
    text = readFileSync(`/proc/${pid}/stat`, 'utf8')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error
    readFileSync('/proc/self/stat')
    return null
  }
  // The command name (field 2) is in parentheses and may itself hold spaces and parentheses.
  return text.slice(text.lastIndexOf(')') + 2).split(' ')
}

/** The state and start time of a process from /proc, or null (no such process), or 'no-proc'. */
function readProcStat(pid: number): ProcStat | null | 'no-proc' {
  let fields: string[] | null
  try {
    fields = procStatFields(pid)
  } catch {
    return 'no-proc'
  }
  const state = fields?.[0]
  const startTime = fields?.[19]
  return state && startTime ? { state, startTime } : null
}

/** The identity of a running process (this one by default), to check later with `isRunning`. */
export function processIdentity(pid = process.pid): ProcessIdentity {
  const stat = readProcStat(pid)
  return { pid, startTime: stat && stat !== 'no-proc' ? stat.startTime : null }
}

function signalable(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}

/**
 * Whether the process an identity names is still running: the pid exists, is not a zombie (it
 * exited and nobody reaped it), and started when the identity says (not a later process that got
 * the same pid, e.g. after a reboot). Without /proc only the pid's existence can be checked.
 */
export function isRunning(identity: ProcessIdentity): boolean {
  const stat = readProcStat(identity.pid)
  if (stat === 'no-proc') return signalable(identity.pid)
  if (!stat || stat.state === 'Z') return false
  return identity.startTime === null || identity.startTime === stat.startTime
}
