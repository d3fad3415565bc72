import type { AppDeps } from '#server/app/ports.ts'

/** Thrown at an operation that touches the store or the runtime after its item was fenced off. */
export class ItemFenced extends Error {
  constructor(message = 'the server stopped this item; it no longer writes anything') {
    super(message)
    this.name = 'ItemFenced'
  }
}

/**
 * Thrown by the store at a write to a running item that this node's current incarnation does not
 * hold the claim of (cluster mode: it was declared lost and another node took the item over).
 * The write changed nothing.
 */
export class ClaimLost extends ItemFenced {
  constructor(itemId: string) {
    super(`task item ${itemId} is claimed by another node or incarnation; this write was refused`)
    this.name = 'ClaimLost'
  }
}

/** Closing it cuts one running item's operation off from the store and the runtime. */
export interface ItemFence {
  readonly closed: boolean
  close(): void
}

export function createItemFence(): ItemFence {
  let closed = false
  return {
    get closed() {
      return closed
    },
    close() {
      closed = true
    },
  }
}

/**
 * The deps an item's operation runs with: the same store and runtime, except that once the fence is
 * closed (the shutdown's deadline passed and the item was ended as interrupted) every call throws
 * ItemFenced, so the operation, whatever it was awaiting, can neither overwrite that outcome nor
 * start, stop or roll back anything.
 */
export function fencedDeps(deps: AppDeps, fence: ItemFence): AppDeps {
  // Cluster mode: a node that lost its lease (a long pause, say) is fenced the same way, at once,
  // whatever its heartbeat timer has or has not noticed yet.
  const leaseHeld = deps.leaseHeld
  const gate: ItemFence = leaseHeld
    ? {
        get closed() {
          return fence.closed || !leaseHeld()
        },
        close: () => fence.close(),
      }
    : fence
  return { ...deps, store: fenced(deps.store, gate), runtime: fenced(deps.runtime, gate) }
}

function fenced<T extends object>(target: T, fence: ItemFence): T {
  return new Proxy(target, {
    get(object, key) {
      const value: unknown = Reflect.get(object, key)
      if (typeof value !== 'function') return value
      return (...args: unknown[]) => {
        if (fence.closed) throw new ItemFenced()
        return (value as (...a: unknown[]) => unknown).apply(object, args)
      }
    },
  })
}
