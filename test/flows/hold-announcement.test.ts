import { expect } from 'chai';
import type { CallEvent, QueueVisit } from '../../src/flows/call-types.js';
import { announcement, announcementDue } from '../../src/flows/hold-announcement.js';

type QueueWait = Extract<CallEvent, { type: 'QUEUE_WAIT' }>;
const wait = (w: Partial<QueueWait>): QueueWait => ({ type: 'QUEUE_WAIT', at: 0, queueTime: 0, ...w });
const visit = (v: Partial<QueueVisit> = {}): QueueVisit => ({ group: 'billing', tried: ['billing'], ...v });
const ids = (v: QueueVisit, w: QueueWait) => announcement(v, w).sentences.map(([id]) => id);

describe('hold announcements (pure)', () => {
  it('the first one is due; none while an agent rings, nor without a position', () => {
    expect(announcementDue(visit(), wait({ position: 4 }))).to.equal(true);
    expect(announcementDue(visit(), wait({ position: 1, agentRinging: true }))).to.equal(false);
    expect(announcementDue(visit(), wait({}))).to.equal(false);
  });

  it('then at the cadence, or at once when the position improved', () => {
    const told = visit({ announcedAt: 30, announcedPosition: 3 });
    expect(announcementDue(told, wait({ position: 3, queueTime: 60, announceEvery: 60 }))).to.equal(false);
    expect(announcementDue(told, wait({ position: 3, queueTime: 90, announceEvery: 60 }))).to.equal(true);
    expect(announcementDue(told, wait({ position: 2, queueTime: 40, announceEvery: 60 }))).to.equal(true);
    expect(announcementDue(told, wait({ position: 4, queueTime: 40, announceEvery: 60 }))).to.equal(false);
  });

  it('first in line is said as such; no estimate is invented without one', () => {
    expect(ids(visit(), wait({ position: 1 }))).to.deep.equal(['firstInLine', 'waitUnknown', 'options']);
    expect(ids(visit(), wait({ position: 2, etaSeconds: 20 }))).to.deep.equal(['position', 'waitUnderMinute', 'options']);
    const { sentences } = announcement(visit(), wait({ position: 5, etaSeconds: 400 }));
    expect(sentences).to.deep.equal([['position', { position: 5 }], ['waitMinutes', { minutes: 7 }], ['options']]);
  });

  it('an unchanged position is not repeated; a worse one is said, except to a caller who rejoined after a miss', () => {
    const told = visit({ announcedAt: 0, announcedPosition: 2 });
    expect(ids(told, wait({ position: 2, etaSeconds: 90 }))).to.deep.equal(['waitMinutes', 'options']);
    expect(announcement(told, wait({ position: 2 })).told).to.equal(2);
    expect(ids(told, wait({ position: 3 }))[0]).to.equal('position');
    expect(announcement(told, wait({ position: 3 })).told).to.equal(3);
    const rejoined = { ...told, rejoined: true };
    expect(ids(rejoined, wait({ position: 3 }))).to.deep.equal(['waitUnknown', 'options']);
    expect(announcement(rejoined, wait({ position: 3 })).told).to.equal(2);
    expect(ids(rejoined, wait({ position: 1 }))[0]).to.equal('firstInLine');
  });
});
