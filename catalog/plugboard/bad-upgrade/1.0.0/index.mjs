// plugboard/bad-upgrade 1.0.0: a plain, healthy plugin that reports its version.
/** @import { PluginDefinition } from '../../../../sdk/plugin-sdk.ts' */
export default /** @satisfies {PluginDefinition} */ ({
  modules: {
    main: {
      onLoad() {
        console.log('bad-upgrade 1.0.0 loaded')
      },
    },
  },
  tools: {
    version: () => ({ version: '1.0.0' }),
  },
})
