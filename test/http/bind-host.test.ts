import { expect } from 'chai';
import net from 'node:net';
import { ConfigError, parseConfig } from '../../src/config.js';
import { startTestServer } from '../support/server.js';

/** Whether a TCP connection to address:port is accepted. */
const accepts = (address: string, port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = net.connect({ host: address, port }, () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
  });

describe('HOST: the address the server listens on', () => {
  it('by default every interface, as before (what containers need)', async () => {
    const server = await startTestServer();
    try {
      expect(server.config.host).to.equal(undefined);
      // 127.0.0.2 is another address of this machine (Linux loopback is 127/8).
      expect(await accepts('127.0.0.2', server.port)).to.equal(true);
    } finally {
      await server.close();
    }
  });

  it('HOST=127.0.0.1 listens there only', async () => {
    const server = await startTestServer({ env: { HOST: '127.0.0.1' } });
    try {
      expect(await accepts('127.0.0.1', server.port)).to.equal(true);
      expect(await accepts('127.0.0.2', server.port)).to.equal(false);
      expect((await fetch(`${server.url}/health`)).status).to.equal(200);
    } finally {
      await server.close();
    }
  });

  it('is an IP address or a host name; without PUBLIC_BASE_URL the public URL names it', () => {
    const env = { TWILIO_AUTH_TOKEN: 'test-token-123456' };
    expect(parseConfig({ ...env, HOST: '127.0.0.1' })).to.deep.include({ host: '127.0.0.1', publicBaseUrl: 'http://127.0.0.1:3000' });
    expect(parseConfig({ ...env, HOST: '::1', PORT: '8080' })).to.deep.include({ host: '::1', publicBaseUrl: 'http://[::1]:8080' });
    expect(parseConfig({ ...env, HOST: '0.0.0.0' }).publicBaseUrl).to.equal('http://localhost:3000');
    expect(parseConfig({ ...env, HOST: 'ivr-1.internal' }).host).to.equal('ivr-1.internal');
    expect(() => parseConfig({ ...env, HOST: 'http://0.0.0.0' })).to.throw(
      ConfigError,
      'HOST: must be an IP address such as 127.0.0.1 or ::, or a host name',
    );
  });
});
