// A tshark capture on the loopback interface for the length of a test, and the questions the
// interop tests ask of it: did Wireshark's SIP dissector flag anything, and what SIP crossed.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Running } from "./harness.js";
import { runToEnd, start, waitFor } from "./harness.js";

export interface Capture {
  readonly file: string;
  /** Stops capturing (SIGINT, so tshark finishes the file). */
  readonly stop: () => Promise<void>;
}

/** Starts `tshark -i lo` with a capture filter; resolves once tshark says it is capturing. */
export const startCapture = async (filter: string): Promise<Capture> => {
  const file = join(mkdtempSync(join(tmpdir(), "puresip-cap-")), "capture.pcapng");
  const tshark: Running = start("tshark", ["-i", "lo", "-f", filter, "-w", file, "-q"], { limitMs: 55_000 });
  await waitFor("tshark to start capturing", () => tshark.output().stderr.includes("Capturing on"), 15_000);
  return {
    file,
    stop: async () => {
      // Let the last packets reach the file before asking tshark to finish it.
      await new Promise((r) => setTimeout(r, 300));
      await tshark.stop(3000, "SIGINT");
    },
  };
};

const tshark = async (args: ReadonlyArray<string>): Promise<string> => {
  const r = await runToEnd("tshark", args, { limitMs: 30_000 });
  if (r.code !== 0) throw new Error(`tshark ${args.join(" ")} exited ${r.code}: ${r.stderr}`);
  return r.stdout;
};

/** Lines tshark prints for packets its dissectors flag malformed or as expert errors. */
export const malformed = (file: string): Promise<string> => tshark(["-r", file, "-Y", "_ws.malformed || _ws.expert.severity >= error"]);

/** Lines for SIP retransmissions Wireshark recognises (`sip.resend`). */
export const retransmissions = (file: string): Promise<string> => tshark(["-r", file, "-Y", "sip.resend == 1"]);

/** `tshark -Y sip -T json`, the input of `puresip ladder --from tshark`. */
export const sipJson = (file: string): Promise<string> => tshark(["-r", file, "-Y", "sip", "-T", "json", "-j", "frame ip udp tcp sip"]);

/** The UDP payload of every SIP packet, as bytes. */
export const sipPayloads = async (file: string): Promise<ReadonlyArray<Uint8Array>> =>
  (await tshark(["-r", file, "-Y", "sip && udp", "-T", "fields", "-e", "udp.payload"]))
    .split("\n")
    .map((l) => l.trim().replace(/:/g, ""))
    .filter((l) => l !== "")
    .map((hex) => Uint8Array.from(Buffer.from(hex, "hex")));
