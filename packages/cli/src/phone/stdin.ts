// The console of `puresip phone` on this process: stdin line by line (a terminal or a pipe),
// with a prompt only on a terminal. Ctrl-C, SIGINT and SIGTERM end the input as EOF does.
import { createInterface } from "node:readline";
import type { PhoneConsole } from "./run.js";

export const stdinConsole = (): PhoneConsole => {
  const terminal = process.stdin.isTTY;
  const rl = createInterface({ input: process.stdin, ...(terminal ? { output: process.stdout, terminal: true } : { terminal: false }) });
  const end = (): void => {
    rl.close();
  };
  rl.on("SIGINT", end);
  process.once("SIGINT", end);
  process.once("SIGTERM", end);
  rl.setPrompt("phone> ");
  // After `quit` the writer may keep stdin open: let go of it so the process can exit.
  const close = (): void => {
    process.off("SIGINT", end);
    process.off("SIGTERM", end);
    rl.close();
    process.stdin.destroy();
  };
  return terminal ? { lines: rl, prompt: () => { rl.prompt(); }, close } : { lines: rl, close };
};
