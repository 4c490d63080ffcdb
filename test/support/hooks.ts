import { setUpTestDatabase, tearDownTestDatabase } from './database.js';

// Mocha root hooks: one database for the run, set up before any test and removed at the end.
export const mochaHooks = {
  async beforeAll(this: Mocha.Context) {
    this.timeout(120_000);
    await setUpTestDatabase();
  },
  async afterAll(this: Mocha.Context) {
    this.timeout(60_000);
    await tearDownTestDatabase();
  },
};
