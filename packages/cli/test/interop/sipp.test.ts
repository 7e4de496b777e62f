// SIPp (Debian's sip-tester) and Wireshark's SIP dissector, as independent judges of the
// messages puresip reads and of its digest verification. Every process is bounded in time and
// stopped at the end; only 127.0.0.1 is used.
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import * as E from "fp-ts/lib/Either.js";
import { afterAll, describe, expect, it } from "vitest";
import { createChallenge, verify } from "@puresip/auth";
import { parseCredentials, parseMessage } from "@puresip/message";
import { parseCommand } from "../../src/commands/parse.js";
import { readSippLog } from "../../src/ladder/log.js";
import { readTsharkJson } from "../../src/ladder/tshark.js";
import { malformed, retransmissions, sipJson, sipPayloads, startCapture } from "./capture.js";
import { LOOPBACK, freePort, missing, runToEnd, start, stopAll, udpPortInUse, waitFor } from "./harness.js";

const scenarios = fileURLToPath(new URL("./scenarios/", import.meta.url));
const skip = missing("sipp", "tshark");
const work = (): string => mkdtempSync(join(tmpdir(), "puresip-sipp-"));

const labels = (rows: ReadonlyArray<{ readonly label: string }>): ReadonlyArray<string> => rows.map((r) => r.label).sort();

afterAll(stopAll);

describe.skipIf(skip !== undefined)(`interop: SIPp and tshark${skip === undefined ? "" : ` (skipped: ${skip})`}`, () => {
  it("SIPp's uac calls SIPp's uas 5 times: puresip parses and validates all 30 messages, tshark flags none, the ladders agree", { timeout: 55_000 }, async () => {
    const dir = work();
    const [uasPort, uacPort] = [await freePort(), await freePort()];
    const capture = await startCapture(`udp port ${uasPort}`);
    const uas = start("sipp", ["-sn", "uas", "-i", LOOPBACK, "-p", String(uasPort), "-m", "5", "-nostdin", "-trace_msg", "-message_file", join(dir, "uas.log")], {
      limitMs: 40_000,
    });
    await waitFor("sipp uas to bind", () => udpPortInUse(uasPort), 25_000);
    const uac = await runToEnd(
      "sipp",
      ["-sn", "uac", "-i", LOOPBACK, "-p", String(uacPort), `${LOOPBACK}:${uasPort}`, "-m", "5", "-r", "20", "-nostdin", "-timeout", "20s", "-trace_msg", "-message_file", join(dir, "uac.log")],
      { limitMs: 30_000 },
    );
    expect(uac.code, uac.stdout.slice(-2000)).toBe(0);
    expect((await uas.finished).code).toBe(0);
    await capture.stop();

    // Wireshark's dissector finds nothing malformed and no retransmission on a clean loopback.
    expect(await malformed(capture.file)).toBe("");
    expect(await retransmissions(capture.file)).toBe("");

    // Every message SIPp sent parses and passes RFC 3261 §8.2 / §16.3 validation in puresip.
    const payloads = await sipPayloads(capture.file);
    expect(payloads.length).toBe(30);
    for (const p of payloads) expect(parseCommand(p).report).toMatchObject({ validation: { ok: true } });

    // The ladder from the capture and the ladder from SIPp's own log show the same messages.
    const fromCapture = readTsharkJson(await sipJson(capture.file));
    const fromLog = readSippLog(readFileSync(join(dir, "uac.log"), "utf8"));
    if (E.isLeft(fromCapture) || E.isLeft(fromLog)) throw new Error("a ladder did not read");
    expect(fromCapture.right.participants).toEqual([`${LOOPBACK}:${uacPort}`, `${LOOPBACK}:${uasPort}`]);
    expect(labels(fromCapture.right.rows)).toEqual(labels(fromLog.right.rows));
    expect(labels(fromLog.right.rows).filter((l) => l === "INVITE")).toHaveLength(5);
  });

  describe("RFC 3261 §22.2, §22.4 REGISTER with digest: the project's SIPp scenarios and @puresip/auth", () => {
    const register = async (password: string) => {
      const dir = work();
      const [registrarPort, clientPort] = [await freePort(), await freePort()];
      const registrar = start("sipp", ["-sf", `${scenarios}registrar-digest.xml`, "-i", LOOPBACK, "-p", String(registrarPort), "-m", "1", "-nostdin"], { limitMs: 25_000 });
      await waitFor("the SIPp registrar to bind", () => udpPortInUse(registrarPort), 25_000);
      const client = await runToEnd(
        "sipp",
        [
          "-sf", `${scenarios}register-digest.xml`, "-i", LOOPBACK, "-p", String(clientPort), "-s", "alice", "-au", "alice", "-ap", password,
          "-m", "1", "-nostdin", "-timeout", "10s", "-trace_msg", "-message_file", join(dir, "client.log"), `${LOOPBACK}:${registrarPort}`,
        ],
        { limitMs: 20_000 },
      );
      await registrar.stop();
      return { client, log: readFileSync(join(dir, "client.log"), "utf8") };
    };

    /** The Authorization SIPp computed, checked by @puresip/auth's verifier against the registrar's challenge. */
    const verifyWithPuresip = (log: string, password: string) => {
      const ladder = readSippLog(log);
      if (E.isLeft(ladder)) throw new Error(ladder.left.detail);
      const second = log.split(/^-{5,} .*$/m).find((block) => block.includes("CSeq: 2 REGISTER") && block.includes(" message sent"));
      const text = second?.slice(second.indexOf("REGISTER sip:")).replace(/\r?\n/g, "\r\n") ?? "";
      const request = parseMessage(text);
      if (E.isLeft(request)) throw new Error(request.left.detail);
      const authorization = request.right.headers.find((h) => h.name.toLowerCase() === "authorization");
      const credentials = parseCredentials(authorization?.value ?? "");
      if (E.isLeft(credentials) || credentials.right._tag !== "DigestCredentials") throw new Error("no digest credentials");
      const issued = createChallenge({ realm: "puresip", nonce: "6c1d0ff2b9ab4c0f8e77d5a0c4e1b3aa", algorithms: ["MD5"], qop: ["auth"] });
      if (E.isLeft(issued)) throw new Error("challenge");
      return verify(credentials.right, { secret: { _tag: "Password", password }, method: "REGISTER" }, issued.right.state);
    };

    it("the right password: 401 then 200, and puresip verifies the response SIPp computed", { timeout: 55_000 }, async () => {
      const { client, log } = await register("secret");
      expect(client.code, client.stdout.slice(-2000)).toBe(0);
      const ladder = readSippLog(log);
      expect(E.isRight(ladder) && ladder.right.rows.map((r) => r.label)).toEqual(["REGISTER", "401 Unauthorized", "REGISTER", "200 OK"]);
      expect(E.isRight(verifyWithPuresip(log, "secret"))).toBe(true);
      expect(verifyWithPuresip(log, "wrong")).toMatchObject({ _tag: "Left" });
    });

    it("a wrong password: SIPp's registrar answers 403 and the client's call fails; puresip rejects it too", { timeout: 55_000 }, async () => {
      const { client, log } = await register("wrong");
      expect(client.code).not.toBe(0);
      expect(log).toContain("SIP/2.0 403 Forbidden");
      expect(verifyWithPuresip(log, "secret")).toMatchObject({ _tag: "Left" });
    });
  });
});
