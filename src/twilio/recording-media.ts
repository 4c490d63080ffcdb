/**
 * Fetches a recording's media from Twilio with the account's credentials (HTTP basic auth), so the
 * inbox can play it through Switchboard: a browser never gets Twilio's URL nor the credentials.
 * Only our account's recordings, at TWILIO_API_BASE_URL, are ever asked for, whatever URL was stored.
 */
export interface RecordingMediaSource {
  fetch(recordingSid: string, opts: { range?: string; signal?: AbortSignal }): Promise<Response>;
}

export function twilioRecordingMedia(opts: {
  accountSid: string;
  authToken: string;
  apiBaseUrl: string;
  timeoutMs?: number;
}): RecordingMediaSource {
  const base = opts.apiBaseUrl.replace(/\/+$/, '');
  const authorization = 'Basic ' + Buffer.from(`${opts.accountSid}:${opts.authToken}`).toString('base64');
  return {
    fetch(recordingSid, { range, signal }) {
      if (!/^RE[0-9a-fA-F]{32}$/.test(recordingSid)) throw new Error(`not a recording SID: ${recordingSid}`);
      const timeout = AbortSignal.timeout(opts.timeoutMs ?? 15_000);
      // WAV, as Twilio keeps it (8 kHz mono): every browser plays it and can seek in it.
      return fetch(`${base}/2010-04-01/Accounts/${opts.accountSid}/Recordings/${recordingSid}.wav`, {
        headers: { authorization, ...(range ? { range } : {}) },
        signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
      });
    },
  };
}
