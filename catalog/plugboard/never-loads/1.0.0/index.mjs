// plugboard/never-loads: onLoad returns a promise that never settles.
/** @import { PluginDefinition } from '../../../../sdk/plugin-sdk.ts' */
export default /** @satisfies {PluginDefinition} */ ({
  modules: {
    stuck: {
      onLoad() {
        console.log('waiting for a dependency that never comes')
        return new Promise(() => {})
      },
    },
  },
})
