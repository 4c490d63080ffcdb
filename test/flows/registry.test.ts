import { expect } from 'chai';
import path from 'node:path';
import { FlowRegistry, type FlowVersionStore } from '../../src/flows/registry.js';
import { createLogger } from '../../src/log.js';

const FLOWS = path.resolve(import.meta.dirname, '../../flows');

describe('flow registry reloads', () => {
  it('a reload nobody waits for that fails (database gone) is logged, the loaded flows keep serving, the process lives', async () => {
    const saved = new Map<string, unknown>();
    let databaseUp = true;
    const store: FlowVersionStore = {
      save: async (v) => void saved.set(v.hash, v),
      load: async () => undefined,
      knownGroups: async () => {
        if (!databaseUp) throw new Error('connection refused');
        return new Set(['billing', 'support', 'sales', 'general']);
      },
    };
    const registry = new FlowRegistry(FLOWS, store, createLogger('silent'));
    await registry.reload();
    const serving = registry.forNumber('+18005550100')!.hash;

    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    try {
      databaseUp = false;
      // Two at once: the second asks for one more reload after the first, which fails too.
      registry.reloadInBackground();
      registry.reloadInBackground();
      await new Promise((r) => setTimeout(r, 200));
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
    expect(unhandled).to.deep.equal([]);
    expect(registry.forNumber('+18005550100')!.hash).to.equal(serving);
  });
});
