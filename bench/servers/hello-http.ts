// Baseline: Node's http answering a form POST with fixed TwiML (what any webhook server must at least do).
import http from 'node:http';

const TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response><Say>Hello.</Say></Response>';
const server = http.createServer((req, res) => {
  let body = '';
  req.on('data', (c) => (body += c));
  req.on('end', () => {
    new URLSearchParams(body);
    res.writeHead(200, { 'content-type': 'text/xml' }).end(TWIML);
  });
});
server.listen(0, '127.0.0.1', () => process.stdout.write(`ready http://127.0.0.1:${(server.address() as { port: number }).port}\n`));
