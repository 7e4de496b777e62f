// The focus's configuration rule (RFC 3515 §2.4.4, §2.4.5): waiting for media and ringing end
// before the REFER subscription that reports a dial-out does, for any numbers.
import { fc, test } from "@fast-check/vitest";
import * as E from "fp-ts/lib/Either.js";
import { describe, expect } from "vitest";
import { REFER_SUBSCRIPTION_SECONDS } from "@puresip/ua";
import { checkFocusConfig, describeFocusConfigError, dialOutLimit } from "../src/index.js";
import { FOCUS_CONFIG } from "./sim.js";

describe("RFC 3515 §2.4.4: the dial-out limit and the REFER subscription", () => {
  test.prop([fc.integer({ min: -5, max: 120 }), fc.integer({ min: -1000, max: 90_000 })])(
    "checkFocusConfig accepts exactly the configurations whose media wait and ring end inside the subscription; the ring asked for never outlasts it",
    (dialOutSeconds, mediaTimeout) => {
      const config = { ...FOCUS_CONFIG, dialOutSeconds, mediaTimeout };
      const checked = checkFocusConfig(config);
      const fits = dialOutSeconds > 0 && mediaTimeout >= 0 && Math.ceil(mediaTimeout / 1000) + dialOutSeconds < REFER_SUBSCRIPTION_SECONDS;
      expect(E.isRight(checked)).toBe(fits);
      if (E.isRight(checked)) expect(dialOutLimit(config)).toBe(dialOutSeconds);
      else expect(describeFocusConfigError(checked.left)).toMatch(/dialOutSeconds|mediaTimeout/);
      if (mediaTimeout >= 0 && Math.ceil(mediaTimeout / 1000) + 1 < REFER_SUBSCRIPTION_SECONDS) expect(Math.ceil(mediaTimeout / 1000) + dialOutLimit(config)).toBeLessThan(REFER_SUBSCRIPTION_SECONDS);
    },
  );
});
