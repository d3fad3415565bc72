import tailwindcss from '@tailwindcss/vite'
import react from '@vitejs/plugin-react'
import { defineConfig } from 'vite'
import { bundleReport } from './scripts/bundle-report-plugin.ts'

export default defineConfig({
  plugins: [react(), tailwindcss(), bundleReport()],
  server: {
    port: 5173,
    // `PLUGBOARD_API=http://localhost:8080 npm run dev:full` points the SPA at a running server instead of MSW.
    proxy: process.env.PLUGBOARD_API ? { '/api': process.env.PLUGBOARD_API } : undefined,
  },
  build: { sourcemap: true },
})
