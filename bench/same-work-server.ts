import { createHmac, randomUUID, timingSafeEqual } from "node:crypto";
import http from "node:http";
import path from "node:path";
import Database from "better-sqlite3";

/**
 * The work a PAT read cannot do without, on bare node:http: no framework, no cache, no authorization rules.
 * Verify the bearer secret's HMAC-SHA256 against a stored digest, read one row by primary key from a SQLite
 * file (held exclusively, WAL, as Patio holds its own), and answer its JSON. What this server reaches is the
 * ceiling of a PAT read on this machine, as the bare server is the ceiling of any answer.
 * `POST /introspect` is the same for token introspection, whose warm answer reads nothing: the service token's
 * and the secret's HMACs checked, the JSON body parsed, and an answer of the same shape and size as Patio's (51
 * scopes) written.
 * Usage: same-work-server.ts <port> <data dir> <token> <service token>; `GET /ready` answers 204 once it listens.
 */

const [port, dataDir, token, serviceToken] = process.argv.slice(2) as [string, string, string, string];
const pepper = "same-work-pepper-same-work-pepper";
const randomPart = (secret: string) => secret.slice(27, 70);
const stored = createHmac("sha256", pepper).update(randomPart(token)).digest();

const db = new Database(path.join(dataDir, "same-work.db"));
db.pragma("locking_mode = EXCLUSIVE");
db.pragma("journal_mode = WAL");
db.exec(`create table clients (id text primary key, domain_id text not null, name text not null, tags text not null,
  metadata text not null, private_metadata text not null, status text not null, created_at integer not null, updated_at integer not null)`);
const id = randomUUID();
const domainId = randomUUID();
db.prepare("insert into clients values (?, ?, ?, ?, ?, ?, ?, ?, ?)").run(
  id,
  domainId,
  "device-1",
  '["field"]',
  '{"floor":1}',
  "{}",
  "enabled",
  Date.now(),
  Date.now(),
);
const read = db.prepare("select * from clients where id = ? and domain_id = ?");

interface Row {
  id: string;
  domain_id: string;
  name: string;
  tags: string;
  metadata: string;
  private_metadata: string;
  status: string;
  created_at: number;
  updated_at: number;
}

const serviceKey = createHmac("sha256", "same-work-key").update("k").digest();
const storedService = createHmac("sha256", serviceKey).update(serviceToken).digest();
const scopes = Array.from({ length: 51 }, () => ({ domain_id: domainId, entity_type: "clients", operation: "view", entity_id: randomUUID() }));

/** Token introspection's own work: two HMACs compared, a JSON body parsed, a JSON answer. */
function introspect(req: http.IncomingMessage, res: http.ServerResponse): void {
  const chunks: Buffer[] = [];
  req.on("data", (chunk: Buffer) => chunks.push(chunk));
  req.on("end", () => {
    const service = authorization(req.rawHeaders).slice("Bearer ".length);
    const question = JSON.parse(Buffer.concat(chunks).toString("utf8")) as { token: string };
    const live =
      timingSafeEqual(createHmac("sha256", serviceKey).update(service).digest(), storedService) &&
      timingSafeEqual(createHmac("sha256", pepper).update(randomPart(question.token)).digest(), stored);
    const body = JSON.stringify(live ? { active: true, sub: domainId, pat_id: id, exp: 1_900_000_000, scopes, allowed: true } : { active: false });
    res.writeHead(200, { "content-type": "application/json; charset=utf-8", "content-length": Buffer.byteLength(body) });
    res.end(body);
  });
}

function authorization(raw: string[]): string {
  for (let i = 0; i < raw.length; i += 2) if (raw[i]!.toLowerCase() === "authorization") return raw[i + 1] ?? "";
  return "";
}

http
  .createServer((req, res) => {
    if (req.url === "/ready") {
      res.writeHead(204).end();
      return;
    }
    if (req.url === "/introspect") {
      introspect(req, res);
      return;
    }
    const presented = authorization(req.rawHeaders).slice("Bearer ".length);
    if (!timingSafeEqual(createHmac("sha256", pepper).update(randomPart(presented)).digest(), stored)) {
      res.writeHead(401).end();
      return;
    }
    const row = read.get(id, domainId) as Row;
    const body = JSON.stringify({
      id: row.id,
      name: row.name,
      tags: JSON.parse(row.tags),
      metadata: JSON.parse(row.metadata),
      private_metadata: JSON.parse(row.private_metadata),
      status: row.status,
      domain_id: row.domain_id,
      created_at: new Date(row.created_at).toISOString(),
      updated_at: new Date(row.updated_at).toISOString(),
    });
    res.writeHead(200, { "content-type": "application/json; charset=utf-8", "content-length": Buffer.byteLength(body) });
    res.end(body);
  })
  .listen(Number(port), "127.0.0.1");
