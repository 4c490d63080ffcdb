import net from 'node:net';
import { testDatabase } from './database.js';

/**
 * A TCP relay between one test server and PostgreSQL, so a test can make the database
 * unreachable for that server alone (a network cut, a failover) and bring it back. While cut,
 * every open connection is dropped and new ones are closed at once, as a dead database host would.
 */
export class DatabaseCut {
  private server?: net.Server;
  private sockets = new Set<net.Socket>();
  private cutOff = false;
  url = '';

  async start(): Promise<this> {
    const target = new URL(testDatabase().url);
    this.server = net.createServer((client) => {
      if (this.cutOff) return void client.destroy();
      const upstream = net.connect(Number(target.port || 5432), target.hostname);
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
    const relayed = new URL(target.toString());
    relayed.hostname = '127.0.0.1';
    relayed.port = String((this.server.address() as net.AddressInfo).port);
    this.url = relayed.toString();
    return this;
  }

  /** The database becomes unreachable: open connections break, new ones are refused. */
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
