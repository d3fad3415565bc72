import { spawn } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import lighthouse, { desktopConfig } from 'lighthouse'
import { CHROMIUM_ARGS } from '#tests/e2e/support/browser.ts'

export interface LighthouseFigures {
  score: number
  tbt: number
  lcp: number
}

/**
 * Lighthouse's desktop preset, performance only, on a Chromium of its own (a fresh profile; the
 * DevTools port read from its stderr), with `headers` sent on every request (the session cookie).
 */
export async function runLighthouse(
  executablePath: string,
  url: string,
  headers: Record<string, string> = {},
): Promise<LighthouseFigures> {
  const profile = await mkdtemp(join(tmpdir(), 'plugboard-lighthouse-'))
  const chrome = spawn(
    executablePath,
    [...CHROMIUM_ARGS, '--remote-debugging-port=0', `--user-data-dir=${profile}`, 'about:blank'],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  )
  try {
    const port = await new Promise<number>((resolve, reject) => {
      let err = ''
      chrome.stderr?.on('data', (chunk: Buffer) => {
        err += chunk.toString()
        const match = /DevTools listening on ws:\/\/[^:]+:(\d+)\//.exec(err)
        if (match) resolve(Number(match[1]))
      })
      chrome.once('exit', (code) => reject(new Error(`Chromium exited with ${code}: ${err}`)))
    })
    const result = await lighthouse(
      url,
      { port, logLevel: 'error', onlyCategories: ['performance'], extraHeaders: headers },
      desktopConfig,
    )
    if (!result) throw new Error('Lighthouse returned nothing')
    const { lhr } = result
    if (lhr.runtimeError) throw new Error(`Lighthouse: ${lhr.runtimeError.message}`)
    if (process.env.BENCH_LIGHTHOUSE_DETAIL) printDetail(url, lhr.audits)
    return {
      score: Math.round((lhr.categories.performance?.score ?? 0) * 100),
      tbt: lhr.audits['total-blocking-time']?.numericValue ?? Number.NaN,
      lcp: lhr.audits['largest-contentful-paint']?.numericValue ?? Number.NaN,
    }
  } finally {
    const exited = new Promise((resolve) => chrome.once('exit', resolve))
    if (chrome.exitCode === null) chrome.kill('SIGTERM')
    await exited
    await rm(profile, { recursive: true, force: true })
  }
}

interface AuditDetails {
  details?: { items?: Record<string, unknown>[] }
}

/** BENCH_LIGHTHOUSE_DETAIL=1: where Lighthouse saw the main thread go, and its long tasks. */
function printDetail(url: string, audits: Record<string, unknown>): void {
  const items = (id: string) => (audits[id] as AuditDetails | undefined)?.details?.items ?? []
  const ms = (value: unknown) => Math.round(Number(value))
  console.log(`lighthouse: ${url}`)
  console.log(
    `  main thread: ${items('mainthread-work-breakdown')
      .map((item) => `${item.groupLabel} ${ms(item.duration)}`)
      .join(', ')}`,
  )
  console.log(
    `  long tasks: ${items('long-tasks')
      .map((item) => `${String(item.url).split('/').at(-1)} ${ms(item.duration)} ms at ${ms(item.startTime)}`)
      .join('; ')}`,
  )
  console.log(
    `  script time: ${items('bootup-time')
      .map(
        (item) =>
          `${String(item.url).split('/').at(-1)} ${ms(item.scripting)}+${ms(item.scriptParseCompile)}`,
      )
      .join('; ')}`,
  )
}
