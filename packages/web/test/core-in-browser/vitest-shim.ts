// Enough of vitest's API, in the browser, to run the core packages' own unit tests there
// (issue #18: "The core packages' own unit tests run in that browser too"): describe/it/test
// with .each/.skip/.skipIf, hooks, and vitest's real `expect` (@vitest/expect on chai). The
// test files are bundled unchanged with `vitest` aliased to this module (core-browser.test.ts).
import type { expect as vitestExpect } from "vitest";
import { ASYMMETRIC_MATCHERS_OBJECT, GLOBAL_EXPECT, JestAsymmetricMatchers, JestChaiExpect, JestExtend, chai, equals, getState, setState } from "@vitest/expect";

chai.use(JestExtend);
chai.use(JestChaiExpect);
chai.use(JestAsymmetricMatchers);

type VitestExpect = typeof vitestExpect;
type Fn = () => unknown;
interface Case {
  readonly name: string;
  readonly fn: Fn;
  readonly befores: ReadonlyArray<Fn>;
  readonly afters: ReadonlyArray<Fn>;
}
interface Suite {
  readonly name: string;
  readonly befores: Array<Fn>;
  readonly afters: Array<Fn>;
  readonly beforeAlls: Array<Fn>;
}

const cases: Array<Case | { readonly name: string; readonly once: Fn }> = [];
const stack: Array<Suite> = [];

const fullName = (name: string): string => [...stack.map((s) => s.name), name].join(" > ");

const makeExpect = (): unknown => {
  const expect = (value: unknown, message?: string): unknown => chai.expect(value, message);
  Object.assign(expect, chai.expect);
  Object.assign(expect, (globalThis as unknown as Record<symbol, object>)[ASYMMETRIC_MATCHERS_OBJECT]);
  const e = expect as unknown as Record<string, unknown>;
  e["getState"] = () => getState(expect as never);
  e["extend"] = (matchers: object) => {
    (chai.expect as unknown as { extend: (target: unknown, m: object) => void }).extend(expect, matchers);
  };
  e["setState"] = (state: object) => {
    setState(state as never, expect as never);
  };
  setState({ assertionCalls: 0, isExpectingAssertions: false, isExpectingAssertionsError: null, expectedAssertionsNumber: null, expectedAssertionsNumberErrorGen: null, testPath: "", currentTestName: "" }, expect as never);
  (globalThis as unknown as Record<symbol, unknown>)[GLOBAL_EXPECT] = expect;
  return expect;
};

export const expect = makeExpect() as VitestExpect;

// vitest defines toBeOneOf itself, not in @vitest/expect.
expect.extend({
  toBeOneOf(received: unknown, expected: ReadonlyArray<unknown>) {
    const pass = expected.some((e) => equals(received, e));
    return { pass, message: () => `expected ${JSON.stringify(received)} ${pass ? "not " : ""}to be one of ${JSON.stringify(expected)}` };
  },
});

const format = (template: string, args: ReadonlyArray<unknown>): string => {
  let i = 0;
  return template.replace(/%[sdij]/g, () => {
    const v = args[i++];
    return typeof v === "string" ? v : v === undefined ? "undefined" : JSON.stringify(v);
  });
};

const register = (name: string, fn: Fn | undefined): void => {
  if (fn === undefined) return;
  cases.push({ name: fullName(name), fn, befores: stack.flatMap((s) => s.befores), afters: stack.flatMap((s) => s.afters).reverse() });
};

/** `(name, fn)`, `(name, options, fn)` or `(name, fn, timeout)`: the function, wherever it is. */
const fnOf = (a: unknown, b: unknown): Fn | undefined => (typeof a === "function" ? (a as Fn) : typeof b === "function" ? (b as Fn) : undefined);

type TestFn = ((name: string, a?: unknown, b?: unknown) => void) & {
  each: (rows: ReadonlyArray<unknown>) => (name: string, fn: (...args: Array<unknown>) => unknown) => void;
  skip: (name: string, a?: unknown, b?: unknown) => void;
  skipIf: (condition: boolean) => (name: string, a?: unknown, b?: unknown) => void;
  runIf: (condition: boolean) => (name: string, a?: unknown, b?: unknown) => void;
  only: (name: string, a?: unknown, b?: unknown) => void;
  todo: (name: string) => void;
};

const makeTest = (): TestFn => {
  const t = ((name: string, a?: unknown, b?: unknown) => {
    register(name, fnOf(a, b));
  }) as TestFn;
  t.each = (rows) => (name, fn) => {
    for (const row of rows) {
      const args = Array.isArray(row) ? (row as Array<unknown>) : [row];
      register(format(name, args), () => fn(...args));
    }
  };
  t.skip = () => undefined;
  t.todo = () => undefined;
  t.skipIf = (condition) => (condition ? () => undefined : t);
  t.runIf = (condition) => (condition ? t : () => undefined);
  t.only = t;
  return t;
};

export const test = makeTest();
export const it = test;

type DescribeFn = ((name: string, a?: unknown, b?: unknown) => void) & {
  each: (rows: ReadonlyArray<unknown>) => (name: string, fn: (...args: Array<unknown>) => void) => void;
  skip: (name: string, a?: unknown, b?: unknown) => void;
  skipIf: (condition: boolean) => (name: string, a?: unknown, b?: unknown) => void;
  only: (name: string, a?: unknown, b?: unknown) => void;
};

const suite = (name: string, body: Fn | undefined): void => {
  if (body === undefined) return;
  const s: Suite = { name, befores: [], afters: [], beforeAlls: [] };
  stack.push(s);
  body();
  stack.pop();
};

export const describe = ((name: string, a?: unknown, b?: unknown) => {
  suite(name, fnOf(a, b));
}) as DescribeFn;
describe.each = (rows) => (name, fn) => {
  for (const row of rows) {
    const args = Array.isArray(row) ? (row as Array<unknown>) : [row];
    suite(format(name, args), () => {
      fn(...args);
    });
  }
};
describe.skip = () => undefined;
describe.skipIf = (condition) => (condition ? () => undefined : describe);
describe.only = describe;

export const beforeEach = (fn: Fn): void => {
  stack.at(-1)?.befores.push(fn);
};
export const afterEach = (fn: Fn): void => {
  stack.at(-1)?.afters.push(fn);
};
/** Run where it is declared, before the suite's tests (in order of registration). */
export const beforeAll = (fn: Fn): void => {
  cases.push({ name: fullName("beforeAll"), once: fn });
};
export const afterAll = (_fn: Fn): void => undefined;

export interface RunResult {
  readonly passed: number;
  readonly failed: ReadonlyArray<{ readonly name: string; readonly error: string }>;
}

/** Runs every registered test in order; a failure is recorded with its message. */
export const runAll = async (): Promise<RunResult> => {
  let passed = 0;
  const failed: Array<{ readonly name: string; readonly error: string }> = [];
  for (const c of cases) {
    try {
      if ("once" in c) {
        await c.once();
        continue;
      }
      for (const b of c.befores) await b();
      await c.fn();
      for (const a of c.afters) await a();
      passed++;
    } catch (error) {
      // fast-check keeps the predicate's own failure as the cause.
      const cause = error instanceof Error && error.cause instanceof Error ? ` (cause: ${error.cause.message})` : "";
      failed.push({ name: c.name, error: error instanceof Error ? `${error.name}: ${error.message}${cause}` : String(error) });
    }
  }
  return { passed, failed };
};
