// plugboard/slow-loader: onLoad warms up for `loadDelayMs` (config, default 3000), then runs.
/** @import { PluginDefinition } from '../../../../sdk/plugin-sdk.ts' */
export default /** @satisfies {PluginDefinition} */ ({
  modules: {
    warmup: {
      async onLoad(config) {
        const delay =
          typeof config.loadDelayMs === 'number' && Number.isInteger(config.loadDelayMs)
            ? config.loadDelayMs
            : 3000
        console.log(`warming up for ${delay} ms`)
        await new Promise((resolve) => setTimeout(resolve, delay))
        console.log('warm')
      },
      onDestroy() {
        console.log('cooled down')
      },
    },
  },
})
