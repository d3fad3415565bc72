// plugboard/sandbox-probe: tools that report what the worker is allowed to see.
/** @import { PluginDefinition } from '../../../../sdk/plugin-sdk.ts' */
import { execFileSync } from 'node:child_process'
import { readFileSync, writeFileSync } from 'node:fs'
import { Worker } from 'node:worker_threads'

/** @param {() => unknown} action */
const attempt = (action) => {
  try {
    return { ok: true, value: action() }
  } catch (caught) {
    const error = /** @type {NodeJS.ErrnoException} */ (caught)
    return { ok: false, code: error.code ?? null, message: String(error.message) }
  }
}

export default /** @satisfies {PluginDefinition} */ ({
  modules: { probe: { onLoad() {} } },
  tools: {
    env() {
      return { ...process.env }
    },
    /** @param {{ path: string }} params */
    readFile({ path }) {
      return attempt(() => readFileSync(path, 'utf8').slice(0, 200))
    },
    /** @param {{ path: string, text?: string }} params */
    writeFile({ path, text }) {
      return attempt(() => writeFileSync(path, text ?? 'probe'))
    },
    pid() {
      return process.pid
    },
    spawn() {
      return attempt(() => execFileSync('/bin/true').toString())
    },
    thread() {
      return attempt(() => new Worker('process.exit(0)', { eval: true }).threadId)
    },
    // Never answers: the worker says why on stderr and exits, so the pending call fails with both.
    /** @param {{ code?: number }} [params] */
    crash({ code = 9 } = {}) {
      console.error('probe: crashing on request')
      setTimeout(() => process.exit(code), 20)
      return new Promise(() => {})
    },
  },
})
