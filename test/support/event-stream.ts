/** A server-sent event stream read event by event (tests of the live pages). */
export interface OpenStream {
  status: number;
  /** The next event, or `end` when the server closed the stream (one that never comes fails by mocha's time-out). */
  next(): Promise<{ event: string; data: any }>;
  /** Reads events until the server ends the stream; returns the names of the events seen. */
  untilEnd(): Promise<string[]>;
  close(): void;
}

export async function openStream(url: string, headers: Record<string, string>): Promise<OpenStream> {
  const controller = new AbortController();
  const res = await fetch(url, { headers: { accept: 'text/event-stream', ...headers }, signal: controller.signal });
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  const next = async (): Promise<{ event: string; data: any }> => {
    for (;;) {
      let cut: number;
      while ((cut = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, cut);
        buffer = buffer.slice(cut + 2);
        const event = block.split('\n').find((l) => l.startsWith('event: '));
        const data = block.split('\n').find((l) => l.startsWith('data: '));
        if (event && data) return { event: event.slice(7), data: JSON.parse(data.slice(6)) };
      }
      const { value, done } = await reader.read();
      if (done) return { event: 'end', data: null };
      buffer += decoder.decode(value, { stream: true });
    }
  };
  return {
    status: res.status,
    next,
    async untilEnd() {
      const seen: string[] = [];
      for (;;) {
        const { event } = await next();
        if (event === 'end') return seen;
        seen.push(event);
      }
    },
    close: () => controller.abort(),
  };
}
