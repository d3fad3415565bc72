import { type ChildProcess, spawn } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'

/** A Verdaccio registry running as its own process, with its storage in a temp folder. */
export interface LocalRegistry {
  url: string
  /** The folder holding `storage/` (tarballs as published) and the config. */
  dir: string
  pid: number
  /** A token that may publish (and read, on a private registry). */
  token: string
  /** Registers another user and answers their token. */
  addUser(name: string, password: string): Promise<string>
  /** SIGTERM, then the folder is removed. */
  stop(): Promise<void>
}

const VERDACCIO_BIN = resolve('node_modules/verdaccio/bin/verdaccio')
const TIME_FACTOR = Number(process.env.PLUGBOARD_TEST_TIME_FACTOR ?? 1)

function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer()
    server.once('error', fail)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      const port = typeof address === 'object' && address ? address.port : 0
      server.close(() => done(port))
    })
  })
}

function configYaml(dir: string, access: '$all' | '$authenticated'): string {
  return [
    `storage: ${join(dir, 'storage')}`,
    'auth:',
    '  htpasswd:',
    `    file: ${join(dir, 'htpasswd')}`,
    '    max_users: 100',
    'uplinks: {}',
    'packages:',
    "  '**':",
    `    access: ${access}`,
    '    publish: $authenticated',
    'web:',
    '  enable: false',
    'max_body_size: 20mb',
    'log: { type: stdout, format: json, level: warn }',
    '',
  ].join('\n')
}

/** `PUT /-/user/org.couchdb.user:<name>`: Verdaccio's htpasswd sign-up, which answers a token. */
export async function addRegistryUser(url: string, name: string, password: string): Promise<string> {
  const response = await fetch(`${url}/-/user/org.couchdb.user:${encodeURIComponent(name)}`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ name, password }),
  })
  const body = (await response.json()) as { token?: string }
  if (!response.ok || !body.token) throw new Error(`adding ${name} failed: ${response.status}`)
  return body.token
}

async function waitForPing(url: string, child: ChildProcess, output: () => string): Promise<void> {
  const deadline = Date.now() + 30_000 * TIME_FACTOR
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`Verdaccio exited: ${output()}`)
    const ok = await fetch(`${url}/-/ping`).then(
      (response) => response.ok,
      () => false,
    )
    if (ok) return
    await new Promise((done) => setTimeout(done, 100))
  }
  throw new Error(`Verdaccio did not answer in time: ${output()}`)
}

/**
 * Starts Verdaccio from node_modules on a free port with an empty storage and a publisher account.
 * `private`: reading needs a token too (a company's registry).
 */
export async function startVerdaccio(options: { private?: boolean } = {}): Promise<LocalRegistry> {
  const dir = mkdtempSync(join(tmpdir(), 'plugboard-registry-'))
  const config = join(dir, 'config.yaml')
  writeFileSync(config, configYaml(dir, options.private ? '$authenticated' : '$all'))
  const port = await freePort()
  const url = `http://127.0.0.1:${port}`
  const child = spawn(
    process.execPath,
    [VERDACCIO_BIN, '--config', config, '--listen', `127.0.0.1:${port}`],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  )
  let log = ''
  const keep = (chunk: Buffer) => {
    log = (log + chunk.toString()).slice(-8_000)
  }
  child.stdout?.on('data', keep)
  child.stderr?.on('data', keep)
  const exited = new Promise<void>((done) => child.once('exit', () => done()))
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM')
      await exited
    }
    rmSync(dir, { recursive: true, force: true })
  }
  try {
    await waitForPing(url, child, () => log)
    const token = await addRegistryUser(url, 'publisher', 'publisher-password')
    return {
      url,
      dir,
      pid: child.pid ?? 0,
      token,
      addUser: (name, password) => addRegistryUser(url, name, password),
      stop,
    }
  } catch (error) {
    await stop()
    throw error
  }
}
