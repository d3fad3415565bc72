import { type ChildProcess, fork } from 'node:child_process'
import type { PluginLog } from './plugin-log.ts'

/** Why a call to a worker did not answer: its deadline passed, the worker exited, or the plugin threw. */
export class WorkerCallError extends Error {
  readonly kind: 'timeout' | 'exit' | 'remote'
  /** The worker's log tail when the call failed (its stderr usually says why). */
  readonly detail: string | null
  constructor(kind: WorkerCallError['kind'], message: string, detail: string | null = null) {
    super(message)
    this.name = 'WorkerCallError'
    this.kind = kind
    this.detail = detail
  }
}

export interface WorkerExit {
  code: number | null
  signal: NodeJS.Signals | null
}

export interface WorkerSpawn {
  shim: string
  execArgv: string[]
  env: Record<string, string>
  cwd: string
  log: PluginLog
  /** Cluster mode: the worker stops itself when it hears nothing from this host for that long. */
  watch?: HostWatch
}

/** How a worker watches its host: the host beats, the worker stops itself once the beats stop. */
export interface HostWatch {
  /** Silence after which the worker stops itself. */
  silenceMs: number
  /** How long its onDestroy may take then. */
  selfStopMs: number
}

interface Pending {
  method: string
  settled: boolean
  resolve(value: unknown): void
  reject(error: Error): void
  timer: NodeJS.Timeout
}

/** Describes an exit for people: `exit code 3` or `signal SIGKILL`. */
export function describeExit(exit: WorkerExit): string {
  return exit.signal ? `signal ${exit.signal}` : `exit code ${exit.code}`
}

/**
 * One worker process and its message channel: calls correlated by id, each with its own timer, and a
 * `settled` flag per call so a timeout, an answer and an exit can never settle the same call twice.
 */
export class WorkerProcess {
  readonly startedAt = new Date()
  readonly exited: Promise<WorkerExit>
  private readonly child: ChildProcess
  private readonly pending = new Map<number, Pending>()
  private nextId = 1
  private exitInfo: WorkerExit | null = null
  private readonly log: PluginLog

  constructor(spawn: WorkerSpawn) {
    this.log = spawn.log
    const watchArgs = spawn.watch ? [String(spawn.watch.silenceMs), String(spawn.watch.selfStopMs)] : []
    this.child = fork(spawn.shim, watchArgs, {
      execArgv: spawn.execArgv,
      env: spawn.env,
      cwd: spawn.cwd,
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
      serialization: 'json',
      // Its own process group: a Ctrl-C or a service manager's stop signals the host's whole group,
      // and the host, not that signal, must stop its workers (onDestroy first, see docs/runtime.md).
      // It still exits by itself when the host's channel closes.
      detached: true,
    })
    this.child.stdout?.setEncoding('utf8').on('data', (chunk: string) => spawn.log.write(chunk))
    this.child.stderr?.setEncoding('utf8').on('data', (chunk: string) => spawn.log.write(chunk))
    this.child.on('message', (message) => this.onMessage(message))
    this.exited = new Promise((resolve) => {
      // 'exit' can fire before the pipes are drained; 'close' comes after both, so the log is complete.
      this.child.on('close', (code, signal) => {
        this.exitInfo = { code, signal }
        const reason = `the worker exited (${describeExit(this.exitInfo)})`
        this.failAll(new WorkerCallError('exit', reason, this.log.tail()))
        resolve(this.exitInfo)
      })
    })
    this.child.on('error', (error) => spawn.log.note(`worker process error: ${error.message}`))
    if (spawn.watch) this.beat(spawn.watch)
  }

  /**
   * Beats over the channel at a quarter of the watch bound while the worker runs. The beats come
   * from this process's event loop: when it is paused or frozen they stop, and so does the worker.
   */
  private beat(watch: HostWatch): void {
    const timer = setInterval(
      () => {
        if (this.child.connected) this.child.send({ beat: true }, () => {})
      },
      Math.max(10, Math.floor(watch.silenceMs / 4)),
    )
    timer.unref()
    void this.exited.then(() => clearInterval(timer))
  }

  get pid(): number | null {
    return this.child.pid ?? null
  }

  get alive(): boolean {
    return this.exitInfo === null
  }

  get pendingCalls(): number {
    return this.pending.size
  }

  /** Sends one request; rejects with WorkerCallError on timeout, exit, or the plugin's own error. */
  request<T = unknown>(method: string, params: unknown, timeoutMs: number): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      if (!this.alive || !this.child.connected) {
        reject(new WorkerCallError('exit', 'the worker is not running'))
        return
      }
      const id = this.nextId++
      const entry: Pending = {
        method,
        settled: false,
        resolve: resolve as (value: unknown) => void,
        reject,
        timer: setTimeout(
          () =>
            this.settle(
              id,
              new WorkerCallError(
                'timeout',
                `${method} did not answer within ${timeoutMs} ms`,
                this.log.tail(),
              ),
            ),
          timeoutMs,
        ),
      }
      this.pending.set(id, entry)
      this.child.send({ id, method, params }, (error) => {
        if (error)
          this.settle(id, new WorkerCallError('exit', `could not reach the worker: ${error.message}`))
      })
    })
  }

  /** Sends a signal if the process still runs. */
  kill(signal: NodeJS.Signals): void {
    if (this.alive) this.child.kill(signal)
  }

  /** Closes the channel; the shim exits on its own when it sees the disconnect. */
  disconnect(): void {
    if (this.child.connected) this.child.disconnect()
  }

  private onMessage(message: unknown): void {
    if (!message || typeof message !== 'object') return
    const { id, result, error } = message as {
      id?: number
      result?: unknown
      error?: { message?: string; stack?: string }
    }
    if (typeof id !== 'number') return
    if (error)
      this.settle(
        id,
        new WorkerCallError('remote', error.message ?? 'the plugin failed', error.stack ?? null),
      )
    else this.settle(id, null, result)
  }

  private settle(id: number, error: Error | null, result?: unknown): void {
    const entry = this.pending.get(id)
    if (!entry || entry.settled) return
    entry.settled = true
    clearTimeout(entry.timer)
    this.pending.delete(id)
    if (error) entry.reject(error)
    else entry.resolve(result)
  }

  private failAll(error: WorkerCallError): void {
    for (const id of [...this.pending.keys()]) this.settle(id, error)
  }
}
