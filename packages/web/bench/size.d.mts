export declare const measure: (contents: string) => Promise<{ readonly minified: number; readonly gzipped: number }>;
export declare const typicalUa: string;
export declare const entries: ReadonlyArray<readonly [string, string]>;
export declare const peers: ReadonlyArray<readonly [string, string, string]>;
