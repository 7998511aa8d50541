// The floor of any HTTP hook server, for the serve benchmark: a bare node:http pass-through that
// takes a POST and sends its body on to the model, then answers with the model's answer. No
// parsing, no judging: what one more loopback hop and a Node HTTP server cost on this machine.
//   node bench/pass-through.mjs <model url>   → prints its own URL on stdout, then serves
import { Agent, createServer, request } from "node:http";

const target = process.argv[2];
const agent = new Agent({ keepAlive: true });
const server = createServer((incoming, outgoing) => {
  const chunks = [];
  incoming.on("data", (chunk) => chunks.push(chunk));
  incoming.on("end", () => {
    const body = Buffer.concat(chunks);
    const upstream = request(target, { method: "POST", agent, headers: { "content-type": "application/json", "content-length": body.length, "x-api-key": "bench" } }, (answer) => {
      const parts = [];
      answer.on("data", (chunk) => parts.push(chunk));
      answer.on("end", () => {
        const text = Buffer.concat(parts);
        outgoing.writeHead(answer.statusCode ?? 502, { "content-type": "application/json", "content-length": text.length });
        outgoing.end(text);
      });
    });
    upstream.on("error", () => outgoing.writeHead(502).end());
    upstream.end(body);
  });
});
server.listen(0, "127.0.0.1", () => process.stdout.write(`http://127.0.0.1:${server.address().port}\n`));
