#!/usr/bin/env node
// Argument dispatch for `puresip`. `run` takes the arguments and an Io so tests can drive it
// without a process; the last lines start it only when this file is the program itself.
import { realpathSync } from "node:fs";
import { fileURLToPath } from "node:url";
import * as E from "fp-ts/lib/Either.js";
import { parseArgs, option } from "./args.js";
import { describeLogError, isLadderOutput, isLogFormat, ladderCommand } from "./commands/ladder.js";
import { isClientCommand, parseClientArgs } from "./commands/client-args.js";
import { parseCommand } from "./commands/parse.js";
import { parseServeArgs } from "./commands/serve.js";
import { parseProxyArgs } from "./commands/proxy.js";
import type { Io } from "./io.js";
import { nodeIo } from "./io.js";
import { runClient } from "./client/run.js";
import { runServe } from "./serve/run.js";
import { runProxy } from "./proxy/run.js";
import { parseB2buaArgs } from "./commands/b2bua.js";
import { runB2bua } from "./b2bua/run.js";
import { parsePhoneArgs } from "./commands/phone-args.js";
import { runPhone } from "./phone/run.js";
import { stdinConsole } from "./phone/stdin.js";

/** The text of `puresip --help`. */
export const usage = `Usage: puresip <command> [options]

Commands:
  serve          Run a SIP server: a registrar (REGISTER, digest optional) and a UAS that
                 answers each INVITE with an SDP answer and holds the call until BYE.
                 Defaults: 127.0.0.1, port 5060 (UDP and TCP), WebSocket on 5066.
      --host H, --port N, --ws-port N, --transports udp,tcp,ws,tls, --realm R
      --tls-port N (5061), --tls-cert F, --tls-key F  SIP over TLS (RFC 3261 §26.2.1):
                 the listener's certificate and key, PEM files (needed with tls)
      --tls-ca F the roots a TLS client's certificate is checked against (PEM)
      --request-cert  mutual TLS (RFC 3261 §26.3.1): refuse a TLS client without a
                 certificate the --tls-ca roots vouch for
      --domain D the domains whose AORs it registers, comma-separated (default: the
                 realm and the host); a REGISTER for another gets 404 (RFC 3261 §10.3)
      --users F  accounts for digest: "user:password" or "user:realm:HA1" lines
      --digest A the 401's challenges in order (default SHA-256,MD5; SIPp needs MD5)
      --config F a JSON file with the same fields (host, port, wsPort, tlsPort,
                 tlsCert, tlsKey, tlsCa, requestCert, transports,
                 realm, domains, usersFile, digest, registrar {minExpires, maxExpires,
                 defaultExpires, maxBindingsPerAor, maxAors, maxUdpResponse,
                 failuresPerSource, failuresPerUser, failureRefillSeconds},
                 media {address, port, codecs}); flags override it
      --quiet    no notes about registrations and calls on stderr
      --conference NAME  (repeatable) be a conference focus instead (RFC 4579): serve
                 sip:NAME@host; participants join by INVITE, are added or removed by REFER
                 (see refer), and each join and leave is logged. UDP only; media is
                 negotiated on sequential ports of media.address, not mixed
  proxy          Run a registrar and a forking proxy for a domain (RFC 3261 §16): REGISTERs
                 for it bind its users; requests for them go to their bindings (in parallel,
                 or by q-value), others go out by RFC 3263. Defaults: 127.0.0.1:5060, UDP+TCP.
      --host H, --port N, --transports udp,tcp,ws,tls (default udp,tcp), --ws-port N (5066)
      --tls-port N (5061), --tls-cert F, --tls-key F, --tls-ca F, --request-cert
                 SIP over TLS and mutual TLS, as serve's (RFC 3261 §26.2.1, §26.3.1)
                 over WebSocket (RFC 7118) a UA that registers with RFC 5626's instance
                 and reg-id is reached over the connection it registered on
      --domain D the domains it serves, comma-separated (default: the host)
      --record-route  stay on the path of the dialogs it sees created (§16.6 step 4)
      --stateless     forward without transactions (§16.11): one target a request
      --path          add itself as Path to REGISTERs it forwards elsewhere (RFC 3327);
                      its own registrar always keeps a REGISTER's Path for routing
      --timer-c T     Timer C (§16.8, default 181s; also 3m, 500ms)
      --redis URL     keep the bindings in Redis (redis://127.0.0.1:6379), shared
                      with other proxies (stateful only; default: in memory)
      --users F  digest accounts (as serve's): REGISTERs get 401, requests from the
                 domain's users 407 until they carry credentials (§22.1, §22.3)
      --realm R  the realm of the challenges (default: the first domain)
      --digest A the challenges' algorithms in order (default SHA-256,MD5; SIPp needs MD5)
      --rate N/s      a request budget per source address; over it: 503 with Retry-After
      --over-budget M 503 (default) or drop
      --quiet    no notes about dropped messages on stderr
  b2bua          Run a back-to-back user agent (RFC 3261 §6): every incoming call is answered
                 by a call of its own to --to, with responses, re-INVITEs, UPDATEs, INFO,
                 CANCEL and BYE relayed and the SDP passed through. Default 127.0.0.1:5060, UDP.
      --to URI   where the calls go (required)
      --host H, --port N, --max-links N (calls at once, default 1000; 503 beyond)
      --quiet    no notes about calls on stderr
  call <uri>     Place a call with an SDP offer, print the negotiated media, hang up
                 after --duration (default 5s; also 1500ms, 1m). Exit 0 when answered.
  register <uri> REGISTER --user U at the registrar <uri>; --password P answers a digest
                 challenge; --expires N (default 3600). Prints the bindings.
  options <uri>  A SIP ping (OPTIONS, RFC 3261 §11): prints the status and capabilities.
  message <uri> <text>  Send a MESSAGE (RFC 3428) with <text> as text/plain.
  subscribe <uri> --event E  SUBSCRIBE to package E (RFC 6665) and print each NOTIFY until
                 --duration (default 30s; then Expires: 0) or the notifier ends it;
                 --expires N (default 3600). --event conference prints each NOTIFY's
                 roster (RFC 4575: users, endpoints, status); other packages the body.
  refer <uri> --target <uri> [--method BYE]  REFER <uri> to the target outside any
                 dialog (RFC 3515): to a conference URI it adds the target, with --method
                 BYE removes it (RFC 4579 §5.5, §5.11). Prints the 202 and each NOTIFY's
                 status; exit 0 when the final one is a 2xx.
  transfer <uri> --to <target>  Call <uri>, REFER it to <target> (RFC 3515), print each
                 sipfrag NOTIFY, hang up once it succeeded. --attended: hold <uri>, call
                 <target> first and REFER with a Replaces for that call (RFC 5589 §7,
                 RFC 3891). Exit 0 when the target answered the transferee.
      client options: --user U (From, default puresip), --password P, --host H and
      --port N (local, default 127.0.0.1 and any port), --transport udp|tcp,
      --codecs PCMU,PCMA, --timeout 32s
  phone          An interactive console for calls, scriptable from stdin: a UA that calls
                 and answers, takes one command a line and prints every event as one
                 \`event <Tag> call=N ...\` line on stdout (errors on stderr, a prompt only on
                 a terminal). Commands (#n picks a call, else the current one):
                 call <uri>, answer, reject [status], hold, resume, reinvite [--offerless],
                 update, info <content-type> <text>, refer <uri>, transfer [#n] #m
                 (attended, RFC 5589 §7), hangup, calls,
                 wait <EventTag> [timeout], sleep <duration>, quit
                 End of input = quit: every call hung up; exit 1 if a scripted command failed.
      --user U, --password P, --host H, --port N, --transport udp|tcp, --codecs PCMU,PCMA
  parse [file]   Parse one SIP message from file (or stdin when file is absent or "-")
                 and print it as JSON with the result of validation. Exit status 0 when
                 it parses and validates, 1 when it does not, 2 for a usage error.
                 Input with no CR at all has each bare LF read as CRLF, so messages
                 typed in an editor parse; input with any CR is used as is.
  ladder [file]  Draw the ladder diagram of a message log (file or stdin) as text or SVG.
      --from F   the log's format: auto (default), puresip (\`--- <time> <from> -> <to>\`
                 blocks, as --trace-log writes), sipp (sipp -trace_msg), tshark
                 (tshark -r capture -Y sip -T json)
      --format O text (default) or svg

Options:
  --trace        a live ladder line on stderr for each message sent or received
  --trace-log F  append each message to F in the format \`puresip ladder\` reads
  -h, --help     Show this help.
`;

const describe = (e: unknown): string => (e instanceof Error ? e.message : String(e));

const parse = async (args: ReadonlyArray<string>, io: Io): Promise<number> => {
  if (args.length > 1) {
    io.stderr(`puresip parse: expected at most one file, got ${args.length}\n\n${usage}`);
    return 2;
  }
  const path = args[0] ?? "-";
  let input: Uint8Array;
  try {
    input = await io.read(path);
  } catch (e) {
    io.stderr(`puresip parse: cannot read ${path === "-" ? "stdin" : path}: ${describe(e)}\n`);
    return 2;
  }
  const outcome = parseCommand(input);
  io.stdout(`${JSON.stringify(outcome.report, null, 2)}\n`);
  return outcome.exitCode;
};

const ladder = async (argv: ReadonlyArray<string>, io: Io): Promise<number> => {
  const args = parseArgs(argv, [
    { name: "from", value: true },
    { name: "format", value: true },
  ]);
  if (E.isLeft(args)) {
    io.stderr(`puresip ladder: ${args.left}\n\n${usage}`);
    return 2;
  }
  const from = option(args.right, "from") ?? "auto";
  const format = option(args.right, "format") ?? "text";
  if (!isLogFormat(from)) {
    io.stderr(`puresip ladder: --from must be auto, puresip, sipp or tshark, got "${from}"\n`);
    return 2;
  }
  if (!isLadderOutput(format)) {
    io.stderr(`puresip ladder: --format must be text or svg, got "${format}"\n`);
    return 2;
  }
  const [path = "-", ...extra] = args.right.positionals;
  if (extra.length > 0) {
    io.stderr(`puresip ladder: expected at most one file, got ${args.right.positionals.length}\n\n${usage}`);
    return 2;
  }
  let input: Uint8Array;
  try {
    input = await io.read(path);
  } catch (e) {
    io.stderr(`puresip ladder: cannot read ${path === "-" ? "stdin" : path}: ${describe(e)}\n`);
    return 2;
  }
  const drawn = ladderCommand(new TextDecoder().decode(input), from, format);
  if (E.isLeft(drawn)) {
    io.stderr(`puresip ladder: ${path === "-" ? "stdin" : path}: ${describeLogError(drawn.left)}\n`);
    return 1;
  }
  io.stdout(drawn.right);
  return 0;
};

/** Resolves on the first SIGINT or SIGTERM. */
const stopSignal = (): Promise<unknown> =>
  new Promise((resolve) => {
    process.once("SIGINT", resolve);
    process.once("SIGTERM", resolve);
  });

const wantsHelp = (args: ReadonlyArray<string>): boolean => args.includes("--help") || args.includes("-h");

/** Run one `puresip` invocation; resolves to the exit status. */
export const run = async (argv: ReadonlyArray<string>, io: Io): Promise<number> => {
  const [command, ...rest] = argv;
  if (command === "--help" || command === "-h" || command === "help") {
    io.stdout(usage);
    return 0;
  }
  if (command !== undefined && wantsHelp(rest)) {
    io.stdout(usage);
    return 0;
  }
  if (command === "parse") return parse(rest, io);
  if (command === "ladder") return ladder(rest, io);
  if (command === "serve") {
    const plan = parseServeArgs(rest);
    if (E.isLeft(plan)) {
      io.stderr(`puresip serve: ${plan.left}\n\n${usage}`);
      return 2;
    }
    return runServe(plan.right, io, stopSignal());
  }
  if (command === "proxy") {
    const plan = parseProxyArgs(rest);
    if (E.isLeft(plan)) {
      io.stderr(`puresip proxy: ${plan.left}\n\n${usage}`);
      return 2;
    }
    return runProxy(plan.right, io, stopSignal());
  }
  if (command === "b2bua") {
    const plan = parseB2buaArgs(rest);
    if (E.isLeft(plan)) {
      io.stderr(`puresip b2bua: ${plan.left}\n\n${usage}`);
      return 2;
    }
    return runB2bua(plan.right, io, stopSignal());
  }
  if (command === "phone") {
    const plan = parsePhoneArgs(rest);
    if (E.isLeft(plan)) {
      io.stderr(`puresip phone: ${plan.left}\n\n${usage}`);
      return 2;
    }
    return runPhone(plan.right, io, stdinConsole());
  }
  if (command !== undefined && isClientCommand(command)) {
    const plan = parseClientArgs(command, rest);
    if (E.isLeft(plan)) {
      io.stderr(`puresip ${command}: ${plan.left}\n\n${usage}`);
      return 2;
    }
    return runClient(plan.right, io);
  }
  io.stderr(command === undefined ? usage : `puresip: unknown command "${command}"\n\n${usage}`);
  return 2;
};

const isMain = (): boolean => {
  const script = process.argv[1];
  if (script === undefined) return false;
  try {
    // npm links the bin, so compare real paths.
    return realpathSync(script) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
};

if (isMain()) {
  process.exitCode = await run(process.argv.slice(2), nodeIo);
}
