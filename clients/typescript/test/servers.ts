/** Test helper: real servers on loopback, closed when the test file ends. */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo, Server as NetServer } from "node:net";
import { after } from "node:test";

const open: NetServer[] = [];
after(() => open.forEach((server) => ("closeAllConnections" in server && (server as Server).closeAllConnections(), server.close())));

/** Start `server` on `host` (any free port) and close it when the file's tests end. */
export async function listen<S extends NetServer>(server: S, host = "127.0.0.1"): Promise<{ server: S; port: number }> {
  open.push(server);
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  return { server, port: (server.address() as AddressInfo).port };
}

/** An HTTP server on `host` answering with `handler`; its URL and every request it got. */
export async function serveHttp(handler: (req: IncomingMessage, res: ServerResponse) => void, host = "127.0.0.1") {
  const requests: IncomingMessage[] = [];
  const { port } = await listen(createServer((req, res) => (requests.push(req), handler(req, res))), host);
  return { url: `http://${host}:${port}`, requests };
}

/** A page of `names` as the service sends it. */
export function page(names: readonly string[], extra: Record<string, unknown> = {}): string {
  return JSON.stringify({ total_count: names.length, replications: names.map((task_name) => ({ task_name, ...extra })) });
}
