import type { DemoPlugin } from '#server/simulated/demo-catalog-data.ts'
import type { PluginScript } from '#server/simulated/simulated-steps.ts'

// Plugin-provided text is untrusted. If any of it were ever parsed as HTML, these payloads would
// run and count up `window.__xss`; the console must show every one of them as plain text.
const RUN = 'window.__xss=(window.__xss||0)+1'
export const HOSTILE_NAME = `<img src=x onerror="${RUN}">Markup Probe`
export const HOSTILE_DESCRIPTION = `<script>${RUN}</script><b>bold claims</b> in the description`
export const HOSTILE_ERROR = `<svg onload="${RUN}"></svg>Load failed: <a href="javascript:${RUN}">details</a>`

export const HOSTILE_PLUGIN: DemoPlugin = {
  entry: {
    pluginId: 'evil/markup-probe',
    name: HOSTILE_NAME,
    description: HOSTILE_DESCRIPTION,
    author: `<iframe src="javascript:${RUN}"></iframe>Mallory`,
    icon: null,
    categories: ['<i>examples</i>'],
    versions: [
      {
        version: '1.0.0',
        capabilities: [`<img src=y onerror="${RUN}">network`],
        minHostVersion: null,
        publishedAt: null,
        changelog: null,
      },
    ],
    latestVersion: '1.0.0',
    bundle: null,
  },
  modules: [{ id: 'main', name: `<script>${RUN}</script>Main`, type: 'service' }],
}

/** The hostile plugin fails at load with markup in its error, so the error paths show it too. */
export const HOSTILE_SCRIPT: PluginScript = {
  failAt: 'load',
  code: 'LOAD_FAILED',
  message: HOSTILE_ERROR,
  detail: `${HOSTILE_ERROR}\n<script>${RUN}</script>`,
}
