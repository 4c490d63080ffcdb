import { testDatabase } from './database.js';
import { TcpRelay } from './tcp-relay.js';

/**
 * A relay between one test server and PostgreSQL, so a test can make the database unreachable
 * for that server alone (a network cut, a failover) and bring it back, as a dead database host would.
 */
export class DatabaseCut extends TcpRelay {
  url = '';

  override async start(): Promise<this> {
    const target = new URL(testDatabase().url);
    this.target = { host: target.hostname, port: Number(target.port || 5432) };
    await super.start();
    const relayed = new URL(target.toString());
    relayed.hostname = '127.0.0.1';
    relayed.port = String(this.port);
    this.url = relayed.toString();
    return this;
  }
}
