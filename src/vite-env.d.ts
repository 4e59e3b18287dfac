/** Build-time switches Vite reads from the environment (only VITE_-prefixed names reach the app). */
interface ImportMetaEnv {
  /** '1' builds in window.tabchain.debug and its store hooks (src/app/debug.ts); unset by default. */
  readonly VITE_TABCHAIN_DEBUG?: string;
}
