import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * The audio the Twilio stand-ins serve for a recording: a real WAV (8 kHz, 16-bit mono PCM, as
 * Twilio's own WAV recordings are) of a soft tone that rises in pitch, `seconds` long, so a browser
 * can play it and seek in it. The same recording SID always gives the same bytes.
 */
export function recordingWav(seconds: number): Buffer {
  const rate = 8000;
  const samples = Math.max(1, Math.round(Math.min(Math.max(seconds, 0.5), 60) * rate));
  const wav = Buffer.alloc(44 + samples * 2);
  wav.write('RIFF', 0, 'ascii');
  wav.writeUInt32LE(36 + samples * 2, 4);
  wav.write('WAVEfmt ', 8, 'ascii');
  wav.writeUInt32LE(16, 16); // fmt chunk size
  wav.writeUInt16LE(1, 20); // PCM
  wav.writeUInt16LE(1, 22); // mono
  wav.writeUInt32LE(rate, 24);
  wav.writeUInt32LE(rate * 2, 28); // bytes per second
  wav.writeUInt16LE(2, 32); // block align
  wav.writeUInt16LE(16, 34); // bits per sample
  wav.write('data', 36, 'ascii');
  wav.writeUInt32LE(samples * 2, 40);
  let phase = 0;
  for (let i = 0; i < samples; i++) {
    phase += (2 * Math.PI * (330 + (220 * i) / samples)) / rate;
    wav.writeInt16LE(Math.round(Math.sin(phase) * 6000), 44 + i * 2);
  }
  return wav;
}

/** Answers a GET for `body` as Twilio's media server does: whole, or one byte range (206/416). */
export function sendMedia(req: IncomingMessage, res: ServerResponse, body: Buffer, type: string): void {
  const range = /^bytes=(\d*)-(\d*)$/.exec(req.headers.range ?? '');
  const headers = { 'content-type': type, 'accept-ranges': 'bytes' };
  if (!range || (range[1] === '' && range[2] === '')) {
    res.writeHead(200, { ...headers, 'content-length': body.length }).end(req.method === 'HEAD' ? undefined : body);
    return;
  }
  const size = body.length;
  let start = range[1] === '' ? size - Number(range[2]) : Number(range[1]);
  let end = range[1] === '' || range[2] === '' ? size - 1 : Math.min(Number(range[2]), size - 1);
  if (start < 0) start = 0;
  if (start >= size || end < start) {
    res.writeHead(416, { ...headers, 'content-range': `bytes */${size}` }).end();
    return;
  }
  end = Math.min(end, size - 1);
  res
    .writeHead(206, { ...headers, 'content-length': end - start + 1, 'content-range': `bytes ${start}-${end}/${size}` })
    .end(req.method === 'HEAD' ? undefined : body.subarray(start, end + 1));
}

/** The recording SID and format of a media URL path (…/Recordings/RE….wav); no extension is WAV, as at Twilio. */
export function recordingMediaPath(path: string): { accountSid: string; sid: string; format: 'wav' | 'mp3' } | undefined {
  const m = /^\/2010-04-01\/Accounts\/(AC[0-9a-fA-F]{32})\/Recordings\/(RE[0-9a-fA-F]{32})(?:\.(wav|mp3))?$/.exec(path);
  return m ? { accountSid: m[1], sid: m[2], format: (m[3] as 'wav' | 'mp3' | undefined) ?? 'wav' } : undefined;
}
