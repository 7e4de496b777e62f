// The value of an AOR's key: its bindings as JSON through @puresip/ua's BindingsCodec, so a
// value written by one proxy is read the same way by every other, and a value that is not
// bindings (another program's key, an older format) is an error, never a crash.
import * as E from "fp-ts/lib/Either.js";
import { PathReporter } from "io-ts/lib/PathReporter.js";
import type { Binding } from "@puresip/ua/registrar";
import { BindingsCodec } from "@puresip/ua/registrar";

/** The JSON text of an AOR's bindings. */
export const encodeBindings = (bindings: ReadonlyArray<Binding>): string => JSON.stringify(BindingsCodec.encode(bindings));

/** The bindings of a key's value, or why it holds none. */
export const decodeBindings = (raw: string): E.Either<string, ReadonlyArray<Binding>> => {
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    return E.left("the stored bindings are not JSON");
  }
  const decoded = BindingsCodec.decode(json);
  return E.isRight(decoded) ? decoded : E.left(`the stored bindings do not decode: ${PathReporter.report(decoded).join("; ").slice(0, 200)}`);
};
