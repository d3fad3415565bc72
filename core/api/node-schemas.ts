import { z } from 'zod'
import { IdSchema, TimestampSchema } from './common-schemas.ts'

/**
 * A node's state as the console shows it. `drained`: asked to drain, and nothing runs on it any
 * more (no plugin placed there, no active task item claimed by it); it still answers requests.
 */
export const NODE_STATES = ['starting', 'active', 'draining', 'drained', 'lost', 'stopped'] as const
export type NodeState = (typeof NODE_STATES)[number]

/** A node's name: NODE_ID (letters, digits and `.:_-`, as host names and ports make them). */
export const NodeNameSchema = z.string().regex(/^[A-Za-z0-9.:_-]{1,128}$/, 'must be a node name')

/** One plugin a node runs, from any workspace. */
export const NodePluginSchema = z.object({
  workspaceId: IdSchema,
  id: IdSchema,
  name: z.string(),
})

/** `GET /api/nodes`: one node of the cluster. */
export const NodeSchema = z.object({
  name: NodeNameSchema,
  state: z.enum(NODE_STATES),
  version: z.string(),
  startedAt: TimestampSchema,
  heartbeatAt: TimestampSchema,
  /** How long ago the last heartbeat was, by the database's clock (not the browser's). */
  heartbeatAgeMs: z.number().int().min(0),
  /** The node that answered this request. */
  self: z.boolean(),
  plugins: z.array(NodePluginSchema),
  /** Task items claimed by the node that are pending or running. */
  runningItems: z.number().int().min(0),
})
export type ClusterNodeInfo = z.infer<typeof NodeSchema>

/** `clusterMode` false: a single server (PGlite), no nodes to list. */
export const NodeListSchema = z.object({ clusterMode: z.boolean(), items: z.array(NodeSchema) })
export type NodeList = z.infer<typeof NodeListSchema>

/** `POST /api/nodes/:name/drain`: the node, now draining. */
export const DrainResponseSchema = z.object({ node: NodeSchema })

/**
 * Where a plugin's worker runs, on its detail (cluster mode): the node, its state, and whether it
 * still answers (its lease holds). A node that stopped answering is about to be replaced.
 */
export const PluginNodeStatusSchema = z.object({
  name: NodeNameSchema,
  state: z.enum(NODE_STATES),
  answering: z.boolean(),
  heartbeatAgeMs: z.number().int().min(0),
})
export type PluginNodeStatus = z.infer<typeof PluginNodeStatusSchema>
