/** `3 h 4 min`, `2 min 5 s`, `12 s`. */
export function formatDuration(ms: number): string {
  const seconds = Math.max(0, Math.round(ms / 1_000))
  if (seconds < 60) return `${seconds} s`
  const minutes = Math.floor(seconds / 60)
  if (minutes < 60) return `${minutes} min ${seconds % 60} s`
  const hours = Math.floor(minutes / 60)
  if (hours < 48) return `${hours} h ${minutes % 60} min`
  return `${Math.floor(hours / 24)} d ${hours % 24} h`
}

/** Resident memory in MB with one decimal. */
export function formatMemory(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`
}

/** "restarting in 12 s", or "restarting now" once the moment has passed. */
export function restartCountdown(nextRestartAt: string, now: number): string {
  const left = new Date(nextRestartAt).getTime() - now
  return left > 500 ? `restarting in ${formatDuration(left)}` : 'restarting now'
}
