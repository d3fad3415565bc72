import { z } from 'zod'

/** `POST …/dev-plugins` (dev mode): the plugin folder, an absolute path on the server's machine. */
export const DevPluginRequestSchema = z.strictObject({
  path: z
    .string()
    .min(2)
    .max(4096)
    .refine((path) => path.startsWith('/'), { message: 'must be an absolute path on the server' }),
})
