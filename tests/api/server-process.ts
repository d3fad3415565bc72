import { type ChildProcess, spawn } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { checkedFetch } from '#server/app/openapi/response-check.test-helpers.ts'
import { scaled } from '#tests/support/time-factor.ts'
import { waitUntil } from '#tests/support/wait-until.ts'

/** A temp folder with a data directory and a stand-in SPA build; removed by `cleanup`. */
export function makeServerDirs() {
  const root = mkdtempSync(join(tmpdir(), 'plugboard-api-'))
  const distDir = join(root, 'dist')
  mkdirSync(distDir)
  writeFileSync(join(distDir, 'index.html'), '<!doctype html><title>Plugboard</title><div id="root"></div>')
  writeFileSync(join(distDir, 'app.js'), 'console.log("plugboard")')
  return {
    root,
    dataDir: join(root, 'data'),
    distDir,
    cleanup: () => rmSync(root, { recursive: true, force: true }),
  }
}

export interface ServerProcess {
  url: string
  pid: number
  /** Milliseconds from spawn to "Plugboard is running at". */
  startupMs: number
  output(): string
  /** SIGTERM, then the exit code (graceful shutdown). */
  stop(): Promise<number | null>
  /** Resolves with the exit code once the server has exited, however it was stopped. */
  exited: Promise<number | null>
  /** SIGKILL: the crash. */
  kill(): Promise<void>
}

/**
 * `server/main.ts` as its own process (node + tsx, no npx in between, so `pid` is the server) on a
 * free port, with PGlite in `dataDir` and the simulated runtime's steps `stepMs` long.
 */
export async function startServer(options: {
  dataDir: string
  distDir: string
  stepMs: number
  /** Default `simulated`: steps as long as `stepMs`, so a test can act in the middle of one. */
  runtime?: 'simulated' | 'process'
  /** Extra environment for the server (e.g. PLUGBOARD_RESTART_BACKOFF_MS). */
  env?: Record<string, string>
  /**
   * Leads its own process group (as under a terminal or a service manager), so a test can signal the
   * whole group with `process.kill(-pid, signal)`.
   */
  detached?: boolean
}): Promise<ServerProcess> {
  const { DATABASE_URL: _ignored, ...env } = process.env
  const started = performance.now()
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    cwd: process.cwd(),
    env: {
      ...env,
      PORT: '0',
      HOST: '127.0.0.1',
      DATA_DIR: options.dataDir,
      PLUGBOARD_DIST_DIR: options.distDir,
      PLUGBOARD_SKIP_BUILD: '1',
      PLUGBOARD_RUNTIME: options.runtime ?? 'simulated',
      PLUGBOARD_STEP_MS: String(options.stepMs),
      PLUGBOARD_SHUTDOWN_MS: String(scaled(5_000)),
      LOG_LEVEL: 'warn',
      ...options.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: options.detached ?? false,
  })
  // A test that gives up on this server (a hook timeout, a crash of the test worker) must not leave
  // it running: it dies with the process that started it.
  const killOnExit = () => child.kill('SIGKILL')
  process.once('exit', killOnExit)
  child.once('exit', () => process.off('exit', killOnExit))
  let output = ''
  child.stdout?.on('data', (chunk) => (output += chunk))
  child.stderr?.on('data', (chunk) => (output += chunk))
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)))
  const startMs = scaled(30_000)
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL')
      reject(new Error(`server did not start in ${startMs} ms:\n${output}`))
    }, startMs)
    const check = () => {
      const match = /Plugboard is running at (http:\/\/localhost:\d+)/.exec(output)
      if (match?.[1]) {
        clearTimeout(timer)
        resolve(match[1])
      }
    }
    child.stdout?.on('data', check)
    void exited.then((code) => {
      clearTimeout(timer)
      reject(new Error(`server exited with ${code} before it started:\n${output}`))
    })
  })
  const pid = child.pid as number
  return {
    url,
    pid,
    startupMs: Math.round(performance.now() - started),
    output: () => output,
    exited,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) process.kill(pid, 'SIGTERM')
      return exited
    },
    async kill() {
      if (child.exitCode === null && child.signalCode === null) process.kill(pid, 'SIGKILL')
      await exited
    },
  }
}

export const OWNER = { email: 'owner@example.com', name: 'Owner', password: 'correct horse battery' }

/**
 * A signed-in client for one workspace of a running server: the first call sets up the owner
 * (first run), later ones log in; the session cookie and the CSRF header go with every request.
 * Every answer is checked against the OpenAPI document before the test reads it.
 */
export async function apiClient(url: string, workspace = 'default') {
  const base = `${url}/api/workspaces/${workspace}`
  let cookie = ''
  const raw = async (method: string, path: string, body?: unknown) => {
    const headers: Record<string, string> = { 'x-requested-with': 'plugboard' }
    if (cookie) headers.cookie = cookie
    if (body !== undefined) headers['content-type'] = 'application/json'
    const response = await checkedFetch(`${url}${path}`, {
      method,
      headers,
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    })
    const session = response.headers.getSetCookie().find((header) => header.startsWith('plugboard_session='))
    if (session) cookie = session.split(';')[0] ?? ''
    return response
  }
  const setup = await raw('GET', '/api/auth/setup')
  if (setup.ok) {
    const { setupRequired } = (await setup.json()) as { setupRequired: boolean }
    const signIn = setupRequired
      ? await raw('POST', '/api/auth/setup', OWNER)
      : await raw('POST', '/api/auth/login', { email: OWNER.email, password: OWNER.password })
    if (!signIn.ok) throw new Error(`sign-in failed: ${signIn.status} ${await signIn.text()}`)
  }
  const send = (method: string, path: string, body?: unknown) =>
    raw(method, `${base.slice(url.length)}${path}`, body)
  /** A multipart POST (the browser's way of uploading a file). */
  const sendForm = (path: string, form: FormData) =>
    checkedFetch(`${base}${path}`, {
      method: 'POST',
      headers: { 'x-requested-with': 'plugboard', cookie },
      body: form,
    })
  return {
    send,
    sendForm,
    /** A request to any API path (outside the workspace), e.g. `POST /api/workspaces`. */
    request: raw,
    // biome-ignore lint/suspicious/noExplicitAny: the tests assert on the bodies they read
    async json<T = any>(method: string, path: string, body?: unknown): Promise<T> {
      return (await send(method, path, body)).json() as Promise<T>
    },
  }
}

/** Polls `read` every 50 ms until `done` holds (or throws after `ms`, scaled by the time factor). */
export function waitFor<T>(read: () => Promise<T>, done: (value: T) => boolean, ms = 15_000): Promise<T> {
  return waitUntil(read, done, { withinMs: ms, everyMs: 50 })
}

/**
 * An API token for the client's workspace, made through the API by its signed-in user (as the
 * console's API tokens page does); answers the secret, shown this once.
 */
export async function createApiToken(
  api: Awaited<ReturnType<typeof apiClient>>,
  role: 'member' | 'admin' | 'owner',
  name = `${role} token`,
): Promise<string> {
  const response = await api.send('POST', '/tokens', { name, role })
  if (response.status !== 201) throw new Error(`no token: ${response.status} ${await response.text()}`)
  return ((await response.json()) as { secret: string }).secret
}
