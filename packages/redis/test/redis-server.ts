// A throw-away redis-server for the tests: on a free loopback port, without persistence, killed
// by its PID when the suite ends. Missing locally: the suite skips and says how to install it;
// under CI (`CI` set) it fails, because .ci/run installs it.
import { spawn, spawnSync } from "node:child_process";
import type { ChildProcess } from "node:child_process";
import { createServer } from "node:net";
import { Redis } from "ioredis";

const HOST = "127.0.0.1";

/** Why redis-server cannot run here, or undefined when it can. */
export const redisMissing = (): string | undefined => {
  if (spawnSync("redis-server", ["--version"]).status === 0) return undefined;
  const why = "redis-server not installed (apt-get install redis-server)";
  const ci = process.env["CI"];
  if (ci !== undefined && ci !== "" && ci !== "false") throw new Error(`${why} under CI: .ci/run installs it`);
  return why;
};

const freePort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, HOST, () => {
      const address = server.address();
      server.close(() => {
        if (typeof address === "object" && address !== null) resolve(address.port);
        else reject(new Error("no port"));
      });
    });
  });

/** A running redis-server: its URL, a client factory and `stop`, which kills it by PID and closes the clients. */
export interface RedisServer {
  readonly url: string;
  readonly client: () => Redis;
  readonly stop: () => Promise<void>;
}

/** Starts redis-server and waits (at most 10 s) until it answers PING. */
export const startRedis = async (): Promise<RedisServer> => {
  const port = await freePort();
  const child: ChildProcess = spawn("redis-server", ["--port", String(port), "--bind", HOST, "--save", "", "--appendonly", "no"], { stdio: "ignore" });
  const url = `redis://${HOST}:${String(port)}`;
  const clients: Array<Redis> = [];
  const client = (): Redis => {
    const c = new Redis(url, { maxRetriesPerRequest: 2 });
    // Refused connections while the server starts are retried; each failed command says why.
    c.on("error", () => undefined);
    clients.push(c);
    return c;
  };
  const stop = async (): Promise<void> => {
    await Promise.all(clients.map((c) => c.quit().catch(() => "closed")));
    if (child.pid !== undefined && child.exitCode === null) process.kill(child.pid, "SIGKILL");
  };
  const probe = client();
  for (let i = 0; i < 100; i++) {
    const pong = await probe.ping().catch(() => "");
    if (pong === "PONG") return { url, client, stop };
    await new Promise((r) => setTimeout(r, 100));
  }
  await stop();
  throw new Error(`redis-server did not answer on ${url}`);
};
