// Baseline: Express with the urlencoded parser answering fixed TwiML (the framework's own cost).
import express from 'express';

const TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response><Say>Hello.</Say></Response>';
const app = express();
app.post('/voice/gather', express.urlencoded({ extended: false }), (_req, res) => void res.type('text/xml').send(TWIML));
const server = app.listen(0, '127.0.0.1', () =>
  process.stdout.write(`ready http://127.0.0.1:${(server.address() as { port: number }).port}\n`),
);
