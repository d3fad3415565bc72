// plugboard/sandbox-probe: tools that report what the worker is allowed to see.
import { execFileSync } from 'node:child_process'
import { readFileSync, writeFileSync } from 'node:fs'
import { Worker } from 'node:worker_threads'

const attempt = (action) => {
  try {
    return { ok: true, value: action() }
  } catch (error) {
    return { ok: false, code: error.code ?? null, message: String(error.message) }
  }
}

export default {
  modules: { probe: { onLoad() {} } },
  tools: {
    env() {
      return { ...process.env }
    },
    readFile({ path }) {
      return attempt(() => readFileSync(path, 'utf8').slice(0, 200))
    },
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
    crash({ code = 9 } = {}) {
      console.error('probe: crashing on request')
      setTimeout(() => process.exit(code), 20)
      return new Promise(() => {})
    },
  },
}
