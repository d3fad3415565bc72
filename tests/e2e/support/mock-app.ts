import { existsSync } from 'node:fs'
import type { AddressInfo } from 'node:net'
import { type PreviewServer, preview } from 'vite'

/** Serves the mock-mode build (`vite build --mode mock --outDir dist-mock`) on a free port. */
export async function serveMockBuild(): Promise<{ url: string; close(): Promise<void> }> {
  if (!existsSync('dist-mock/index.html')) {
    throw new Error(
      'dist-mock is missing: run `npx vite build --mode mock --outDir dist-mock` (npm test does)',
    )
  }
  const server: PreviewServer = await preview({
    configFile: false,
    logLevel: 'warn',
    build: { outDir: 'dist-mock' },
    preview: { port: 0, host: '127.0.0.1', strictPort: false },
  })
  const address = server.httpServer.address() as AddressInfo
  return { url: `http://127.0.0.1:${address.port}`, close: () => server.close() }
}
