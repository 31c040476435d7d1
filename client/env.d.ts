/// <reference types="vite/client" />

interface ImportMetaEnv {
  /** Optional background tile URL template, see background.ts. */
  readonly VITE_BACKGROUND_URL?: string;
  readonly VITE_BACKGROUND_ATTRIBUTION?: string;
}
