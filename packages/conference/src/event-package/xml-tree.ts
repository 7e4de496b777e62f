// Reading fast-xml-parser's tree: one element's attributes, text and children, with the
// document's namespace prefix applied to every child name, each answer an Either that names
// the element where the document went wrong.
import * as E from "fp-ts/lib/Either.js";

/** An element as fast-xml-parser gives it: attributes under "@_name", children by tag name. */
export type XmlNode = Readonly<Record<string, unknown>>;

/** Where we are: the namespace prefix of the document ("" for a default namespace) and the path. */
export interface Scope {
  readonly prefix: string;
  readonly path: string;
}

export const tagName = (scope: Scope, local: string): string => (scope.prefix === "" ? local : `${scope.prefix}:${local}`);

export const within = (scope: Scope, label: string): Scope => ({ prefix: scope.prefix, path: `${scope.path}/${label}` });

export const fail = (scope: Scope, reason: string): E.Either<string, never> => E.left(`${scope.path}: ${reason}`);

const isNode = (u: unknown): u is XmlNode => typeof u === "object" && u !== null && !Array.isArray(u);

/** An empty element (`<roles/>`) comes as "", one with only text as that text. */
export const asNode = (u: unknown): XmlNode => (isNode(u) ? u : {});

export const attribute = (node: XmlNode, name: string): string | undefined => {
  const value = node[`@_${name}`];
  return typeof value === "string" ? value : undefined;
};

/** The child element `local`, absent or once; twice is an error (the schema allows one). */
export const child = (scope: Scope, node: XmlNode, local: string): E.Either<string, unknown> => {
  const value = node[tagName(scope, local)];
  return Array.isArray(value) ? fail(scope, `<${local}> may appear only once`) : E.right(value);
};

/** The text of a value: a string, or the "#text" of an element that also has attributes. */
const textOf = (value: unknown): string | undefined => {
  if (typeof value === "string") return value;
  if (isNode(value)) {
    const text = value["#text"];
    if (typeof text === "string") return text;
    return Object.keys(value).every((k) => k.startsWith("@_")) ? "" : undefined;
  }
  return undefined;
};

/** The text content of the optional child element `local`. */
export const text = (scope: Scope, node: XmlNode, local: string): E.Either<string, string | undefined> =>
  E.chain((value: unknown) => {
    if (value === undefined) return E.right(undefined);
    const s = textOf(value);
    return s === undefined ? fail(scope, `<${local}> must hold text only`) : E.right(s);
  })(child(scope, node, local));

/** The text of one of the elements `children` returned. */
export const textValue = (scope: Scope, value: unknown): E.Either<string, string> => {
  const s = textOf(value);
  return s === undefined ? fail(scope, "must hold text only") : E.right(s);
};

/** Like `text`, but the element must be there. */
export const requiredText = (scope: Scope, node: XmlNode, local: string): E.Either<string, string> =>
  E.chain((s: string | undefined) => (s === undefined ? fail(scope, `<${local}> is required`) : E.right(s)))(text(scope, node, local));

/** The child elements `local` (the parser is told to make these arrays); none is []. */
export const children = (scope: Scope, node: XmlNode, local: string): ReadonlyArray<unknown> => {
  const value = node[tagName(scope, local)];
  return Array.isArray(value) ? value : value === undefined ? [] : [value];
};

/** Text checked against a closed list of values (the schema's enumerations). */
export const oneOf =
  <A extends string>(values: ReadonlyArray<A>, what: string) =>
  (scope: Scope, node: XmlNode, local: string): E.Either<string, A | undefined> =>
    E.chain((s: string | undefined) => {
      if (s === undefined) return E.right(undefined);
      const found = values.find((v) => v === s);
      return found === undefined ? fail(scope, `<${local}> "${s}" is not ${what}`) : E.right(found);
    })(text(scope, node, local));

/** xs:unsignedInt. */
export const unsignedInt = (scope: Scope, label: string, s: string | undefined): E.Either<string, number | undefined> => {
  if (s === undefined) return E.right(undefined);
  const digits = s.length > 0 && s.length <= 10 && /^[0-9]+$/.test(s);
  const n = digits ? Number(s) : Number.NaN;
  return Number.isInteger(n) && n <= 0xffff_ffff ? E.right(n) : fail(scope, `${label} "${s}" is not an unsigned 32-bit integer`);
};

/** xs:boolean: true, false, 1, 0. */
export const boolean = (scope: Scope, label: string, s: string | undefined): E.Either<string, boolean | undefined> => {
  switch (s) {
    case undefined:
      return E.right(undefined);
    case "true":
    case "1":
      return E.right(true);
    case "false":
    case "0":
      return E.right(false);
    default:
      return fail(scope, `${label} "${s}" is not a boolean`);
  }
};

/** xs:list: tokens separated by white space. */
export const tokens = (s: string | undefined): ReadonlyArray<string> | undefined =>
  s === undefined ? undefined : s.split(/[ \t\r\n]+/).filter((x) => x.length > 0);

type Loose<T> = { readonly [K in keyof T]-?: T[K] | undefined };

/**
 * Drops the absent fields, so an optional element that was not in the document is not a key
 * of the value either (exactOptionalPropertyTypes; print and compare then see the same shape).
 */
export const present = <T extends object>(fields: Loose<T>): T =>
  // The one cast of the reader: `Loose<T>` minus its undefined values is `T`.
  Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined)) as T;
