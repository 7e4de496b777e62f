// `puresip serve` as a process: read the config and users files, start the server, say where
// it listens, trace if asked, and close cleanly on SIGINT or SIGTERM.
import { readFileSync } from "node:fs";
import * as E from "fp-ts/lib/Either.js";
import type { ServePlan } from "../commands/serve.js";
import type { ServeConfig, ServeConfigPart } from "../config/serve-config.js";
import { defaultServeConfig, flagsPart, mergeServeConfig, parseConfigFile, servedDomains } from "../config/serve-config.js";
import type { Users } from "../config/users.js";
import { foreignRealms, parseUsers, unchallengedHa1 } from "../config/users.js";
import type { Io } from "../io.js";
import { tracer } from "./trace.js";
import { startServer } from "./service.js";
import type { TlsPems } from "../config/tls-files.js";
import { readTlsFiles } from "../config/tls-files.js";
import { runConference } from "../conference/run.js";

const describe = (e: unknown): string => (e instanceof Error ? e.message : String(e));

/** The TLS listener's PEM files, read once at start; none without a TLS listener. */
const readPems = (config: ServeConfig): E.Either<string, TlsPems | undefined> =>
  !config.transports.includes("tls") || config.tlsCert === undefined || config.tlsKey === undefined
    ? E.right(undefined)
    : readTlsFiles({ cert: config.tlsCert, key: config.tlsKey, ...(config.tlsCa === undefined ? {} : { ca: config.tlsCa }) });

/** Starts serving; resolves with the exit status once a signal (or `stop`) ends it. */
export const runServe = async (plan: ServePlan, io: Io, stop: Promise<unknown>): Promise<number> => {
  const fail = (lines: ReadonlyArray<string>, where: string): number => {
    io.stderr(`puresip serve: ${where}:\n${lines.map((l) => `  ${l}\n`).join("")}`);
    return 2;
  };
  const parts: Array<ServeConfigPart> = [];
  if (plan.configFile !== undefined) {
    let text: string;
    try {
      text = readFileSync(plan.configFile, "utf8");
    } catch (e) {
      return fail([describe(e)], `cannot read ${plan.configFile}`);
    }
    const file = parseConfigFile(text);
    if (E.isLeft(file)) return fail(file.left, plan.configFile);
    parts.push(file.right);
  }
  const flags = flagsPart(plan.flags);
  if (E.isLeft(flags)) return fail(flags.left, "bad flags");
  parts.push(flags.right);
  const config = mergeServeConfig(defaultServeConfig, ...parts);
  if (E.isLeft(config)) return fail(config.left, "bad configuration");
  if (plan.conferences !== undefined) return runConference(config.right, plan.conferences, plan, io, stop);
  let users: Users | undefined;
  if (config.right.usersFile !== undefined) {
    let text: string;
    try {
      text = readFileSync(config.right.usersFile, "utf8");
    } catch (e) {
      return fail([describe(e)], `cannot read ${config.right.usersFile}`);
    }
    const parsed = parseUsers(text);
    if (E.isLeft(parsed)) return fail(parsed.left, config.right.usersFile);
    users = parsed.right;
    for (const w of foreignRealms(users, config.right.realm)) io.stderr(`puresip serve: warning: ${w}\n`);
    for (const w of unchallengedHa1(users, config.right.digest)) io.stderr(`puresip serve: warning: ${w}\n`);
  }

  const pems = readPems(config.right);
  if (E.isLeft(pems)) return fail([pems.left], "TLS");

  const trace = tracer(plan, io);
  let server;
  try {
    server = await startServer(
      config.right,
      users,
      {
        ...(trace === undefined ? {} : { trace }),
        ...(plan.quiet ? {} : { note: (text: string) => { io.stderr(`${text}\n`); } }),
      },
      pems.right,
    );
  } catch (e) {
    return fail([describe(e)], "cannot listen");
  }
  // One line a transport on stdout, so a script (or a test) can read the ports it got.
  for (const l of server.listening) io.stdout(`listening ${l.transport} ${l.host}:${l.port}\n`);
  const domains = servedDomains(config.right);
  io.stderr(
    `puresip serve: realm "${config.right.realm}", ${users === undefined ? "no authentication" : `${users.size} account(s)`}, registers ${domains.length === 0 ? "every domain (give --domain)" : domains.join(", ")}; Ctrl-C stops\n`,
  );
  await stop;
  await server.close();
  return 0;
};
