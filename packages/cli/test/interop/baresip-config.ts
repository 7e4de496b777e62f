// baresip's configuration for the interop tests: no audio device (the ausine module is the
// source, aufile plays into a file), SIP on loopback only.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { LOOPBACK } from "./harness.js";

/** A baresip config directory: one account line, SIP on 127.0.0.1:port, a sine source and a file sink. */
export const baresipConfig = (port: number, account: string): string => {
  const dir = mkdtempSync(join(tmpdir(), "puresip-baresip-"));
  writeFileSync(
    join(dir, "config"),
    [
      "poll_method poll",
      `sip_listen ${LOOPBACK}:${port}`,
      "module_path /usr/lib/baresip/modules",
      "module g711.so",
      "module ausine.so",
      "module aufile.so",
      "module_app account.so",
      "module_app menu.so",
      `audio_player aufile,${join(dir, "played.wav")}`,
      "audio_source ausine,440",
      `audio_alert aufile,${join(dir, "alert.wav")}`,
      // ausine makes 48 kHz stereo only; baresip resamples to the codec.
      "ausrc_srate 48000",
      "auplay_srate 48000",
      "ausrc_channels 2",
      "auplay_channels 2",
      "",
    ].join("\n"),
  );
  writeFileSync(join(dir, "accounts"), `${account}\n`);
  writeFileSync(join(dir, "contacts"), "");
  return dir;
};
