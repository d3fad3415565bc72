import { spawnSync } from 'node:child_process'
import { existsSync, readdirSync, statSync } from 'node:fs'
import { join, resolve } from 'node:path'
import type { Logger } from './logger.ts'

const SOURCES = ['src', 'public', 'index.html', 'vite.config.ts', 'package.json']

/** The newest modification time under `path` (a file or a folder, recursively). */
function newestMtime(path: string): number {
  if (!existsSync(path)) return 0
  const stat = statSync(path)
  if (!stat.isDirectory()) return stat.mtimeMs
  let newest = stat.mtimeMs
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, entry)))
  return newest
}

/** Whether dist/ is missing or older than what it is built from. */
export function spaNeedsBuild(distDir: string, projectDir = process.cwd()): boolean {
  const built = join(distDir, 'index.html')
  if (!existsSync(built)) return true
  const sources = Math.max(...SOURCES.map((source) => newestMtime(resolve(projectDir, source))))
  return sources > statSync(built).mtimeMs
}

/** Builds the SPA with `vite build` when dist/ is stale; a failed build stops the start. */
export function ensureSpaBuilt(distDir: string, logger: Logger): void {
  if (!spaNeedsBuild(distDir)) return
  logger.info('building the web app (vite build)', { distDir })
  const started = performance.now()
  const result = spawnSync('npx', ['--yes', 'vite', 'build', '--outDir', distDir, '--emptyOutDir'], {
    stdio: ['ignore', 'inherit', 'inherit'],
  })
  if (result.status !== 0) throw new Error(`vite build failed (exit ${result.status ?? result.signal})`)
  logger.info('web app built', { ms: Math.round(performance.now() - started) })
}
