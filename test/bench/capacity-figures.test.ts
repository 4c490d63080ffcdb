import { expect } from 'chai';
import { percentiles } from '../../bench/capacity/stats.js';
import { gatherTimeoutSeconds, playSeconds } from '../../bench/capacity/twiml-timing.js';
import { parseTwiml } from '../../src/emulator/twiml-document.js';

describe("capacity bench: the generator's figures", () => {
  it('percentiles are exact, by nearest rank', () => {
    const values = Array.from({ length: 1000 }, (_, i) => 1000 - i); // 1000 … 1, unsorted order
    expect(percentiles(values)).to.deep.equal({ count: 1000, p50: 500, p99: 990, p999: 999, max: 1000 });
    expect(percentiles([7])).to.deep.equal({ count: 1, p50: 7, p99: 7, p999: 7, max: 7 });
    expect(percentiles([])).to.deep.equal({ count: 0, p50: 0, p99: 0, p999: 0, max: 0 });
  });

  it("Twilio's playing time: speech at 150 words a minute, pauses, 30 s a <Play>, loops, the <Gather> time-out", () => {
    const verbs = parseTwiml(
      '<Response><Say>one two three four five six seven eight nine ten</Say><Pause length="3"/><Pause/>' +
        '<Play>https://x/a.mp3</Play><Play loop="2">https://x/a.mp3</Play><Play loop="0">https://x/a.mp3</Play>' +
        '<Gather timeout="1"/><Gather/></Response>',
    );
    expect(verbs.slice(0, 6).map(playSeconds)).to.deep.equal([4, 3, 1, 30, 60, 600]);
    expect(verbs.slice(6).map((v) => gatherTimeoutSeconds(v.attrs))).to.deep.equal([1, 5]);
  });
});
