/// <reference types="vite/client" />

interface ImportMetaEnv {
  /** `mock` (MSW in the browser) or `server` (a real backend). */
  readonly VITE_API_MODE?: 'mock' | 'server'
}

interface ImportMeta {
  readonly env: ImportMetaEnv
}
