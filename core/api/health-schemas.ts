import { z } from 'zod'

/** `GET /api/health`: the server is up and answering. */
export const HealthSchema = z.object({ status: z.literal('ok') })

/** `GET /api/ready`: whether the plugins that were ready before the start run again. */
export const ReadinessSchema = z.object({
  status: z.enum(['ready', 'starting']),
  plugins: z.object({
    starting: z.number().int().min(0),
    started: z.number().int().min(0),
    failed: z.number().int().min(0),
  }),
})
