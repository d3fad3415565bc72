// plugboard/hang-on-destroy: never finishes onDestroy and ignores SIGTERM.
/** @import { PluginDefinition } from '../../../../sdk/plugin-sdk.ts' */
export default /** @satisfies {PluginDefinition} */ ({
  modules: {
    sticky: {
      onLoad() {
        process.on('SIGTERM', () => console.log('SIGTERM ignored'))
      },
      onDestroy() {
        console.log('cleaning up forever')
        return new Promise(() => {})
      },
    },
  },
})
