import { z } from 'zod'

/** `GET /api/health`: the server is up and answering. */
export const HealthSchema = z.object({ status: z.literal('ok') })
