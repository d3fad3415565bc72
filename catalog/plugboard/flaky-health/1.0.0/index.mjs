// plugboard/flaky-health: a health check that flips. Every `flipEvery` checks (config, default 6,
// 0 = never) the answer changes; a file named `unhealthy` in the data directory forces unhealthy.
/** @import { PluginDefinition } from '../../../../sdk/plugin-sdk.ts' */
import { existsSync } from 'node:fs'
import { join } from 'node:path'

let flipEvery = 6
/** @type {string | null} */
let dataDir = null
let checks = 0

export default /** @satisfies {PluginDefinition} */ ({
  modules: {
    probe: {
      onLoad(config, context) {
        if (typeof config.flipEvery === 'number') flipEvery = config.flipEvery
        dataDir = context.dataDir
      },
    },
  },
  healthCheck() {
    checks++
    if (dataDir && existsSync(join(dataDir, 'unhealthy'))) {
      return { status: 'unhealthy', message: 'forced unhealthy by the data directory' }
    }
    const healthy = flipEvery === 0 || Math.floor((checks - 1) / flipEvery) % 2 === 0
    return healthy ? { status: 'healthy' } : { status: 'unhealthy', message: `check ${checks} failed` }
  },
})
