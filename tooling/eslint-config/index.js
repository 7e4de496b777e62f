// Shared flat config. Each package's eslint.config.js is one line:
//   export default forPackage(import.meta.dirname);
// The package name picks the purity rules and the allowed @puresip imports from layers.js.
import { readFileSync } from "node:fs";
import { builtinModules } from "node:module";
import { join } from "node:path";
import js from "@eslint/js";
import tseslint from "typescript-eslint";
import { layers } from "./layers.js";

const nodeBuiltins = builtinModules.filter((m) => !m.startsWith("_"));

// fp-ts and io-ts ship no exports map: a bare deep import type-checks but fails in built ESM
// (ERR_UNSUPPORTED_DIR_IMPORT). Only `fp-ts/lib/X.js` (or the package root) resolves.
const deepImportRule = {
  regex: "^(fp-ts|io-ts)/(?!lib/[A-Za-z]+\\.js$)",
  message: "Import fp-ts/io-ts modules as 'fp-ts/lib/Name.js' (no exports map; bare deep imports break built ESM).",
};

const impureGlobals = [
  "setTimeout", "setInterval", "setImmediate", "clearTimeout", "clearInterval", "clearImmediate",
  "queueMicrotask", "performance", "process", "Buffer", "require", "crypto", "fetch", "console", "Date",
  "WebSocket", "XMLHttpRequest", "navigator", "window", "document", "globalThis",
].map((name) => ({
  name,
  message: `Core packages are pure (DESIGN.md): '${name}' is I/O, a clock or ambient state. Take it as data on the event, or move the code to @puresip/node.`,
}));

const purityRules = (forbiddenPackages) => ({
  "no-restricted-imports": ["error", {
    paths: nodeBuiltins.map((name) => ({ name, message: "Core packages may not import Node modules; only @puresip/node and @puresip/cli do I/O." })),
    patterns: [
      { regex: "^node:", message: "Core packages may not import node:* modules; only @puresip/node and @puresip/cli do I/O." },
      deepImportRule,
      ...forbiddenPackages,
    ],
  }],
  "no-restricted-globals": ["error", ...impureGlobals],
  "no-restricted-properties": ["error",
    { object: "Math", property: "random", message: "Randomness enters as data (DESIGN.md): take entropy on the event or thread a seed in state." },
  ],
  "no-restricted-syntax": ["error",
    { selector: "NewExpression[callee.name='Date']", message: "Wall-clock time enters as data on the event (DESIGN.md)." },
  ],
});

// The browser shell may use the DOM's WebSocket, crypto and timers, but nothing only Node has:
// a bundler would have to polyfill it, and issue #18 says no polyfills.
const nodeOnlyGlobals = ["process", "Buffer", "require", "setImmediate", "clearImmediate", "__dirname", "__filename"].map((name) => ({
  name,
  message: `@puresip/web runs in a browser: '${name}' is Node's. Use the DOM's equivalent or take it as an option.`,
}));

const browserRules = (forbiddenPackages) => ({
  "no-restricted-imports": ["error", {
    paths: nodeBuiltins.map((name) => ({ name, message: "The browser shell may not import Node modules (no polyfills)." })),
    patterns: [
      { regex: "^node:", message: "The browser shell may not import node:* modules (no polyfills)." },
      deepImportRule,
      ...forbiddenPackages,
    ],
  }],
  "no-restricted-globals": ["error", ...nodeOnlyGlobals],
  "no-restricted-properties": ["error",
    { object: "Math", property: "random", message: "Entropy comes from crypto.getRandomValues (src/entropy.ts)." },
  ],
});

const layerImportPatterns = (name, allowed) => {
  const forbidden = Object.keys(layers).filter((other) => other !== name && !allowed.includes(other));
  return forbidden.length === 0 ? [] : [{
    group: forbidden.flatMap((p) => [p, `${p}/*`]),
    message: `${name} may import only ${allowed.length ? allowed.join(", ") : "fp-ts and io-ts"} (DESIGN.md dependency rules).`,
  }];
};

/** @param {string} packageDir */
export function forPackage(packageDir) {
  const { name } = JSON.parse(readFileSync(join(packageDir, "package.json"), "utf8"));
  const layer = layers[name];
  if (layer === undefined) throw new Error(`${name} is not in tooling/eslint-config/layers.js: add it there first.`);
  const srcForbidden = layerImportPatterns(name, layer.may);
  const testForbidden = layerImportPatterns(name, [...layer.may, ...(layer.devMay ?? [])]);

  return tseslint.config(
    { ignores: ["dist/**", "reports/**", "node_modules/**", "*.config.*", "examples/**/*.mjs"] },
    js.configs.recommended,
    ...tseslint.configs.strictTypeChecked,
    {
      languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: packageDir } },
      rules: {
        "@typescript-eslint/switch-exhaustiveness-check": "error",
        "@typescript-eslint/consistent-type-imports": "error",
        "@typescript-eslint/restrict-template-expressions": ["error", { allowNumber: true }],
        "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
        "no-restricted-imports": ["error", { patterns: [deepImportRule, ...testForbidden] }],
      },
    },
    {
      files: ["src/**/*.ts"],
      rules: layer.pure
        ? purityRules(srcForbidden)
        : layer.browser === true
          ? browserRules(srcForbidden)
          : { "no-restricted-imports": ["error", { patterns: [deepImportRule, ...srcForbidden] }] },
    },
    {
      // Property tests and fixtures want plain loops and non-null assertions on known data.
      files: ["test/**/*.ts", "bench/**/*.ts"],
      rules: {
        "@typescript-eslint/no-non-null-assertion": "off",
      },
    },
  );
}
