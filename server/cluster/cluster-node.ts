import type { Db } from '#server/sql/db.ts'
import {
  type LostNode,
  type NodeIdentity,
  type NodeRegistration,
  reapLostNodes,
  registerNode,
  releasePlugins,
  renewLease,
  setNodeState,
} from './node-lease.ts'

export interface ClusterTimings {
  /** How long a lease lasts from its last renewal (database time). */
  leaseMs: number
  /** How often the lease is renewed and the reaper looks for lost nodes. */
  heartbeatMs: number
  /** How long after a lease ended a node is declared lost by the others. */
  graceMs: number
}

export interface ClusterNodeOptions {
  db: Db
  registration: Omit<NodeRegistration, 'leaseMs'>
  timings: ClusterTimings
  warn(message: string, fields?: Record<string, unknown>): void
}

/** What the node does on its heartbeat; given once the server is ready to act on it. */
export interface ClusterHandlers {
  /** Runs on every beat while the lease holds (after the reaper): e.g. cancels asked on other nodes. */
  onBeat?(self: NodeIdentity): Promise<void>
  /** This node won the takeover of lost nodes: their active items are now claimed by it. */
  onLost(lost: LostNode[]): Promise<void>
  /**
   * This incarnation no longer holds its lease (declared lost, replaced, or unable to renew it
   * before it ran out): it must stop its workers and write nothing more. Called once.
   */
  onFenced(reason: string): void
}

/** This server process as one node of the cluster: its lease, heartbeat and reaper. */
export interface ClusterNode {
  /** The incarnation while it holds its lease; null before `register` and once fenced. */
  identity(): NodeIdentity | null
  /** Whether the lease is held now, by this process's own (monotonic) clock. */
  hasLease(): boolean
  register(): Promise<NodeIdentity>
  /** Starts the heartbeat (after the port opened and recovery ran). */
  startBeating(handlers: ClusterHandlers): void
  /** SIGTERM: other nodes see it draining; the lease is still renewed until `stop`. */
  drain(): Promise<void>
  /** The end of a clean stop (workers stopped): its plugins placed nowhere, state `stopped`, no more heartbeat. */
  stop(): Promise<void>
}

export function createClusterNode(options: ClusterNodeOptions): ClusterNode {
  const { db, timings } = options
  let self: NodeIdentity | null = null
  // Monotonic: the lease is certainly held until this moment (measured from before the renewal was
  // sent, so it ends no later than the database's lease_until).
  let leaseEnd = 0
  let fenced = false
  let timer: NodeJS.Timeout | undefined
  let stopped = false
  let handlers: ClusterHandlers | null = null
  let fencedFor: string | null = null

  const fence = (reason: string) => {
    if (fenced) return
    fenced = true
    fencedFor = reason
    self = null
    clearTimeout(timer)
    handlers?.onFenced(reason)
  }

  /** The lease ran out by our own clock (a pause, a lost database): nothing else may happen first. */
  const checkLocalLease = () => {
    if (self && performance.now() >= leaseEnd) fence('the lease ran out before it could be renewed')
  }

  async function beat(): Promise<void> {
    checkLocalLease()
    const me = self
    if (!me) return
    const sentAt = performance.now()
    try {
      if (!(await renewLease(db, me, timings.leaseMs))) {
        fence('another node declared this node lost')
        return
      }
      leaseEnd = sentAt + timings.leaseMs
    } catch (error) {
      options.warn('the lease could not be renewed', { error: String(error) })
      checkLocalLease()
      return
    }
    try {
      const lost = await reapLostNodes(db, me, timings.graceMs)
      if (lost.length > 0) await handlers?.onLost(lost)
      await handlers?.onBeat?.(me)
    } catch (error) {
      options.warn('the cluster heartbeat work failed', { error: String(error) })
    }
  }

  const schedule = () => {
    if (stopped || fenced) return
    timer = setTimeout(() => {
      void beat().finally(schedule)
    }, timings.heartbeatMs)
  }

  return {
    identity: () => {
      checkLocalLease()
      return self
    },
    hasLease: () => {
      checkLocalLease()
      return self !== null
    },
    async register() {
      const sentAt = performance.now()
      self = await registerNode(db, { ...options.registration, leaseMs: timings.leaseMs })
      leaseEnd = sentAt + timings.leaseMs
      return self
    },
    startBeating(given) {
      handlers = given
      // Fenced before the heartbeat started (a long pause during start-up): act on it now.
      if (fencedFor !== null) given.onFenced(fencedFor)
      else schedule()
    },
    async drain() {
      if (self) await setNodeState(db, self, 'draining')
    },
    async stop() {
      stopped = true
      clearTimeout(timer)
      if (!self) return
      await releasePlugins(db, self)
      await setNodeState(db, self, 'stopped')
    },
  }
}
