import { expect } from 'chai';
import { flowToMermaid, stepTrouble } from '../../src/flows/graph.js';
import { FIXTURES, compiled, readTexts } from './helpers.js';

describe('flow diagram with traffic: counts on arrows, colours on troubled steps', () => {
  it('labels each arrow with its count, draws unmodelled hops dotted, and classes the steps', () => {
    const flow = compiled(readTexts(FIXTURES, 'self-service'), 'self-service').flow;
    const plain = flowToMermaid(flow);
    expect(plain).not.to.include('classDef');
    const text = flowToMermaid(flow, {
      started: 7,
      steps: {
        'main-menu': { entered: 7, hungUp: 1, failed: 2, exits: { 'opening-hours': 3, billing: 1, operator: 2 } },
        'opening-hours': { entered: 3, hungUp: 0, failed: 0, exits: { hangup: 3 } },
        billing: { entered: 1, hungUp: 0, failed: 1, exits: {} },
        // a hop the model has no arrow for
        operator: { entered: 2, hungUp: 0, failed: 0, exits: { 'opening-hours': 2 } },
      },
    });
    const ids = Object.fromEntries(Object.keys(flow.steps).map((n, i) => [n, `s${i}`]));
    expect(text).to.include(`start(("call starts")) -->|"7"| ${ids['main-menu']}`);
    expect(text).to.include(`${ids['main-menu']} -->|"key 1 · 3"| ${ids['opening-hours']}`);
    expect(text).to.include(`${ids['main-menu']} -->|"key 2 · 1"| ${ids.billing}`);
    expect(text).to.include(`${ids['opening-hours']} -->|"3"| hangup`);
    expect(text).to.include(`${ids.operator} -->|"then / failure · 0"| hangup`);
    expect(text).to.include(`${ids.operator} -.->|"2"| ${ids['opening-hours']}`);
    expect(text).to.include(`class ${ids['main-menu']} gaveup`);
    expect(text).to.include(`class ${ids.billing} failed`);
    expect(text).not.to.include(`class ${ids['opening-hours']} `);
    expect(text).to.include('<b>7 in</b>, 1 hung up, 2 failed input');
  });

  it('a step is "gave up" when callers hung up there, else "failed" on failed input', () => {
    expect(stepTrouble(undefined)).to.equal(undefined);
    expect(stepTrouble({ entered: 5, hungUp: 0, failed: 0, exits: {} })).to.equal(undefined);
    expect(stepTrouble({ entered: 5, hungUp: 0, failed: 2, exits: {} })).to.equal('failed');
    expect(stepTrouble({ entered: 5, hungUp: 1, failed: 2, exits: {} })).to.equal('gave-up');
  });
});
