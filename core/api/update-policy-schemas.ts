import { z } from 'zod'

const CLOCK_TIME = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be HH:MM (24 h)')

/** Hours in the workspace's time zone when automatic updates may run; `end` before `start` wraps midnight. */
export const MaintenanceWindowSchema = z.strictObject({
  start: CLOCK_TIME,
  end: CLOCK_TIME,
  timeZone: z.string().refine(
    (zone) => {
      try {
        new Intl.DateTimeFormat('en-US', { timeZone: zone })
        return true
      } catch {
        return false
      }
    },
    { message: 'must be an IANA time zone like Europe/Berlin' },
  ),
})
export type MaintenanceWindow = z.infer<typeof MaintenanceWindowSchema>

/**
 * How a workspace takes updates: `manual` never by itself; `patch` / `minor` apply updates up to
 * that size by themselves inside the window (never a major version, never a new capability).
 */
export const UpdatePolicySchema = z.strictObject({
  mode: z.enum(['manual', 'patch', 'minor']),
  window: MaintenanceWindowSchema.nullable(),
})
export type UpdatePolicy = z.infer<typeof UpdatePolicySchema>

/** `POST …/plugins/:id/pin` pins the installed version; `DELETE` unpins it. */
export const PinResponseSchema = z.object({ pluginId: z.string(), pinned: z.boolean() })
