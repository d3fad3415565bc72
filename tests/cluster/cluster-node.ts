/** The environment that makes a test server a named node of the cluster on `databaseUrl`. */
export function nodeEnv(
  databaseUrl: string,
  name: string,
  timing: { leaseMs: number; heartbeatMs: number; graceMs: number },
): Record<string, string> {
  return {
    DATABASE_URL: databaseUrl,
    NODE_ID: `node-${name}`,
    PLUGBOARD_LEASE_MS: String(timing.leaseMs),
    PLUGBOARD_HEARTBEAT_MS: String(timing.heartbeatMs),
    PLUGBOARD_LEASE_GRACE_MS: String(timing.graceMs),
  }
}

/** SIGCONT for a node a test paused; one that has exited since is fine. */
export function resume(pid: number): void {
  try {
    process.kill(pid, 'SIGCONT')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error
  }
}
