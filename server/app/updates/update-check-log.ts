/** When the background update check last looked at a workspace's sources, and why it failed. */
export interface UpdateCheckRecord {
  at: string
  error: string | null
}

/**
 * The background check's last round per workspace, kept by the node that ran it (every node runs
 * its own check), so `GET …/updates` can say how old "up to date" is.
 */
export interface UpdateCheckLog {
  record(workspaceId: string, check: UpdateCheckRecord): void
  last(workspaceId: string): UpdateCheckRecord | null
}

export function createUpdateCheckLog(): UpdateCheckLog {
  const checks = new Map<string, UpdateCheckRecord>()
  return {
    record: (workspaceId, check) => void checks.set(workspaceId, { ...check }),
    last: (workspaceId) => {
      const check = checks.get(workspaceId)
      return check ? { ...check } : null
    },
  }
}
