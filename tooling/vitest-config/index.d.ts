import type { ViteUserConfig } from "vitest/config";
export declare function packageConfig(test?: ViteUserConfig["test"]): ViteUserConfig;
