// The only place the CLI touches the process: reading input and writing output.
import { readFile } from "node:fs/promises";

/** Where a command writes: injected so that commands are testable without a terminal. */
export interface Io {
  /** The bytes of a file, or of stdin for "-". Rejects when the file cannot be read. */
  readonly read: (path: string) => Promise<Uint8Array>;
  /** Writes normal output. */
  readonly stdout: (text: string) => void;
  /** Writes errors and diagnostics. */
  readonly stderr: (text: string) => void;
}

const readStdin = async (): Promise<Uint8Array> => {
  const chunks: Array<Buffer> = [];
  for await (const chunk of process.stdin) chunks.push(typeof chunk === "string" ? Buffer.from(chunk) : (chunk as Buffer));
  return Buffer.concat(chunks);
};

export const nodeIo: Io = {
  read: (path) => (path === "-" ? readStdin() : readFile(path)),
  stdout: (text) => {
    process.stdout.write(text);
  },
  stderr: (text) => {
    process.stderr.write(text);
  },
};
