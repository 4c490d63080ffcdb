import net from 'node:net';

/**
 * A TCP relay in front of one service, so a test can make it unreachable (a network cut, a dead
 * host, a failover) and bring it back. While cut, every open connection is dropped and new ones
 * are closed at once. The target can be set after start, for a server that must know the relay's
 * address before it starts (its public URL).
 */
export class TcpRelay {
  private server?: net.Server;
  private sockets = new Set<net.Socket>();
  private cutOff = false;
  port = 0;

  constructor(public target?: { host: string; port: number }) {}

  async start(): Promise<this> {
    this.server = net.createServer((client) => {
      if (this.cutOff || !this.target) return void client.destroy();
      const upstream = net.connect(this.target.port, this.target.host);
      for (const s of [client, upstream]) {
        this.sockets.add(s);
        s.on('close', () => this.sockets.delete(s));
        s.on('error', () => {});
      }
      client.pipe(upstream).pipe(client);
      client.on('close', () => upstream.destroy());
      upstream.on('close', () => client.destroy());
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as net.AddressInfo).port;
    return this;
  }

  /** Unreachable: open connections break, new ones are refused. */
  cut(): void {
    this.cutOff = true;
    for (const s of this.sockets) s.destroy();
  }

  restore(): void {
    this.cutOff = false;
  }

  async close(): Promise<void> {
    this.cut();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()) ?? resolve());
  }
}
