import { fileURLToPath } from 'node:url'
import tailwindcss from '@tailwindcss/vite'
import react from '@vitejs/plugin-react'
import { defineConfig } from 'vite'
import { bundleReport } from './scripts/bundle-report-plugin.ts'

// react-router's package exports point every bundler condition at its development build (warnings,
// invariant messages, dev-only checks); a production build takes its production build instead.
const routerBuild = (file: string) =>
  fileURLToPath(new URL(`./node_modules/react-router/dist/production/${file}`, import.meta.url))

export default defineConfig(({ command }) => ({
  plugins: [react(), tailwindcss(), bundleReport()],
  resolve: {
    alias:
      command === 'build'
        ? [
            { find: /^react-router$/, replacement: routerBuild('index.mjs') },
            { find: /^react-router\/dom$/, replacement: routerBuild('dom-export.mjs') },
          ]
        : [],
  },
  server: {
    port: 5173,
    // `PLUGBOARD_API=http://localhost:8080 npm run dev:full` points the SPA at a running server instead of MSW.
    proxy: process.env.PLUGBOARD_API ? { '/api': process.env.PLUGBOARD_API } : undefined,
  },
  build: { sourcemap: true },
}))
