import type { BuildResult } from "esbuild";

/** Builds examples/dist/softphone.js (or `outfile`); `minify` for the size figure. */
export declare const bundle: (options?: { readonly minify?: boolean; readonly outfile?: string }) => Promise<BuildResult<{ metafile: true }>>;
