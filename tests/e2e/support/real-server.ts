import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { type ServerProcess, startServer } from '../../api/server-process.ts'

/**
 * The real server (`server/main.ts`) as a child process over the production build in `dist/`,
 * with real plugin worker processes and PGlite in a temporary data directory that outlives
 * restarts until `cleanup`.
 */
export function realServer(options: { env?: Record<string, string> } = {}) {
  const dataDir = join(mkdtempSync(join(tmpdir(), 'plugboard-e2e-')), 'data')
  let current: ServerProcess | null = null
  return {
    dataDir,
    async start(): Promise<ServerProcess> {
      current = await startServer({
        dataDir,
        distDir: 'dist',
        stepMs: 0,
        runtime: 'process',
        ...(options.env ? { env: options.env } : {}),
      })
      return current
    },
    async stop(): Promise<void> {
      await current?.stop()
      current = null
    },
    async cleanup(): Promise<void> {
      if (current) await current.kill()
      rmSync(join(dataDir, '..'), { recursive: true, force: true })
    },
  }
}
