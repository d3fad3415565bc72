// plugboard/crashy: exits by itself shortly after loading.
/** @import { PluginDefinition } from '../../../../sdk/plugin-sdk.ts' */
export default /** @satisfies {PluginDefinition} */ ({
  modules: {
    worker: {
      onLoad(config) {
        const after = typeof config.crashAfterMs === 'number' ? config.crashAfterMs : 2000
        const code = typeof config.exitCode === 'number' ? config.exitCode : 3
        setTimeout(() => {
          console.error(`fatal: giving up after ${after} ms (exit ${code})`)
          process.exit(code)
        }, after)
      },
    },
  },
})
