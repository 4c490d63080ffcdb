import { expect } from 'chai';
import { isOpen, localTime, parseLocalTime } from '../../src/flows/hours.js';
import type { Hours } from '../../src/flows/model.js';
import { load } from './helpers.js';

/** Reads `hours: { h: <spec> }` through the real loader and returns the parsed hours. */
function hoursFrom(spec: string): Hours {
  const text = `flow: hours-test
default: true
hours:
  h:
${spec.replace(/^/gm, '    ')}
start: check
steps:
  check:
    branch:
      - if: { open: h }
        goto: hangup
    else: hangup
`;
  const r = load({ 'hours-test.yaml': text });
  expect(r.formatted).to.deep.equal([]);
  return r.versions.get('hours-test')!.flow.hours.h;
}

const utc = (iso: string) => Date.parse(iso);
/** Minutes after midnight, for readable expectations. */
const hm = (h: number, m = 0) => h * 60 + m;

describe('business hours', () => {
  describe('reading weekly specs through the loader', () => {
    it('daily fills every day', () => {
      const h = hoursFrom('timezone: UTC\nweekly: { daily: 09:00-17:00 }');
      expect(h.weekly).to.deep.equal(Array.from({ length: 7 }, () => [[hm(9), hm(17)]]));
    });

    it('weekdays is Monday to Friday, sat,sun adds the weekend (index 0 = Sunday)', () => {
      const h = hoursFrom('timezone: UTC\nweekly:\n  weekdays: 08:00-20:00\n  sat,sun: 10:00-14:00');
      expect(h.weekly).to.deep.equal([
        [[hm(10), hm(14)]],
        [[hm(8), hm(20)]],
        [[hm(8), hm(20)]],
        [[hm(8), hm(20)]],
        [[hm(8), hm(20)]],
        [[hm(8), hm(20)]],
        [[hm(10), hm(14)]],
      ]);
    });

    it('several ranges a day, single-digit hours and an end at 24:00', () => {
      const h = hoursFrom('timezone: UTC\nweekly: { mon: "8:00-12:00, 13:30-17:00", tue: 00:00-24:00 }');
      expect(h.weekly[1]).to.deep.equal([
        [hm(8), hm(12)],
        [hm(13, 30), hm(17)],
      ]);
      expect(h.weekly[2]).to.deep.equal([[0, 1440]]);
      expect(h.weekly[3]).to.deep.equal([]);
    });

    it('a day range wraps round the week (fri-mon) and "closed" adds no hours', () => {
      const h = hoursFrom('timezone: UTC\nweekly: { fri-mon: 10:00-11:00, wed: closed }');
      expect(h.weekly.map((d) => d.length)).to.deep.equal([1, 1, 0, 0, 0, 1, 1]);
    });

    it('keeps closed dates and the time zone', () => {
      const h = hoursFrom('timezone: Europe/Madrid\nweekly: { daily: 09:00-17:00 }\nclosed: [2026-12-25, 2027-01-06]');
      expect(h.timezone).to.equal('Europe/Madrid');
      expect(h.closed).to.deep.equal(['2026-12-25', '2027-01-06']);
    });
  });

  describe('isOpen', () => {
    const ny = hoursFrom('timezone: America/New_York\nweekly: { daily: 08:00-20:00 }');

    it('opens at the first minute and closes at the last (close time excluded)', () => {
      // 2026-11-23 is a Monday; New York is UTC-5 in November.
      expect(isOpen(ny, utc('2026-11-23T12:59:59Z'))).to.equal(false);
      expect(isOpen(ny, utc('2026-11-23T13:00:00Z'))).to.equal(true);
      expect(isOpen(ny, utc('2026-11-24T00:59:59Z'))).to.equal(true);
      expect(isOpen(ny, utc('2026-11-24T01:00:00Z'))).to.equal(false);
    });

    it('follows the spring-forward change in New York (2026-03-08)', () => {
      // Saturday 2026-03-07 is still EST (UTC-5): 08:00 local = 13:00Z.
      expect(isOpen(ny, utc('2026-03-07T12:59:00Z'))).to.equal(false);
      expect(isOpen(ny, utc('2026-03-07T13:00:00Z'))).to.equal(true);
      // Sunday 2026-03-08 is EDT (UTC-4) from 02:00: 08:00 local = 12:00Z.
      expect(isOpen(ny, utc('2026-03-08T11:59:00Z'))).to.equal(false);
      expect(isOpen(ny, utc('2026-03-08T12:00:00Z'))).to.equal(true);
      expect(isOpen(ny, utc('2026-03-08T23:59:00Z'))).to.equal(true);
      expect(isOpen(ny, utc('2026-03-09T00:00:00Z'))).to.equal(false);
    });

    it('follows the fall-back change in New York (2026-11-01)', () => {
      // Saturday 2026-10-31 is EDT: 08:00 local = 12:00Z.
      expect(isOpen(ny, utc('2026-10-31T12:00:00Z'))).to.equal(true);
      // Sunday 2026-11-01 is EST from 02:00: 08:00 local = 13:00Z, 20:00 local = 01:00Z next day.
      expect(isOpen(ny, utc('2026-11-01T12:59:00Z'))).to.equal(false);
      expect(isOpen(ny, utc('2026-11-01T13:00:00Z'))).to.equal(true);
      expect(isOpen(ny, utc('2026-11-02T00:59:00Z'))).to.equal(true);
      expect(isOpen(ny, utc('2026-11-02T01:00:00Z'))).to.equal(false);
    });

    it('an hour that happens twice (01:00-02:00 on 2026-11-01) is open both times', () => {
      const h = hoursFrom('timezone: America/New_York\nweekly: { sun: 01:00-02:00 }');
      expect(isOpen(h, utc('2026-11-01T04:59:00Z'))).to.equal(false); // 00:59 EDT
      expect(isOpen(h, utc('2026-11-01T05:30:00Z'))).to.equal(true); // 01:30 EDT
      expect(isOpen(h, utc('2026-11-01T06:30:00Z'))).to.equal(true); // 01:30 EST
      expect(isOpen(h, utc('2026-11-01T07:00:00Z'))).to.equal(false); // 02:00 EST
    });

    it('an hour that never happens (02:00-03:00 on 2026-03-08) is never open', () => {
      const h = hoursFrom('timezone: America/New_York\nweekly: { sun: 02:00-03:00 }');
      expect(isOpen(h, utc('2026-03-08T06:59:00Z'))).to.equal(false); // 01:59 EST
      expect(isOpen(h, utc('2026-03-08T07:00:00Z'))).to.equal(false); // 03:00 EDT
    });

    it('several ranges on one day leave the lunch break closed', () => {
      const h = hoursFrom('timezone: America/Chicago\nweekly: { weekdays: "09:00-12:00, 13:00-17:00" }');
      // 2026-06-03 is a Wednesday; Chicago is UTC-5 in June.
      const at = (hhmm: string) => isOpen(h, utc(`2026-06-03T${hhmm}:00-05:00`));
      expect([at('08:59'), at('09:00'), at('11:59'), at('12:00'), at('12:59'), at('13:00'), at('16:59'), at('17:00')]).to.deep.equal([
        false,
        true,
        true,
        false,
        false,
        true,
        true,
        false,
      ]);
    });

    it('sat,sun hours apply on the weekend only', () => {
      const h = hoursFrom('timezone: UTC\nweekly: { "sat,sun": 10:00-14:00 }');
      expect(isOpen(h, utc('2026-06-06T11:00:00Z'))).to.equal(true); // Saturday
      expect(isOpen(h, utc('2026-06-07T11:00:00Z'))).to.equal(true); // Sunday
      expect(isOpen(h, utc('2026-06-08T11:00:00Z'))).to.equal(false); // Monday
    });

    it('a closed date is closed all day by the local date, not the UTC date', () => {
      const h = hoursFrom('timezone: America/New_York\nweekly: { daily: 00:00-24:00 }\nclosed: [2026-12-25]');
      expect(isOpen(h, utc('2026-12-25T04:59:00Z'))).to.equal(true); // still 24 Dec 23:59 in New York
      expect(isOpen(h, utc('2026-12-25T05:00:00Z'))).to.equal(false); // 25 Dec 00:00
      expect(isOpen(h, utc('2026-12-26T04:59:00Z'))).to.equal(false); // 25 Dec 23:59
      expect(isOpen(h, utc('2026-12-26T05:00:00Z'))).to.equal(true); // 26 Dec 00:00
    });

    it('a time zone east of UTC uses its own weekday (Asia/Tokyo, UTC+9)', () => {
      const h = hoursFrom('timezone: Asia/Tokyo\nweekly: { mon: 00:00-03:00 }');
      // Sunday 2026-06-07 16:00Z is Monday 01:00 in Tokyo.
      expect(isOpen(h, utc('2026-06-07T16:00:00Z'))).to.equal(true);
      expect(isOpen(h, utc('2026-06-08T01:00:00Z'))).to.equal(false); // Monday 10:00 in Tokyo
    });
  });

  describe('localTime', () => {
    it('gives the local date, weekday and minute, midnight as minute 0', () => {
      expect(localTime(utc('2026-11-23T05:00:00Z'), 'America/New_York')).to.deep.equal({ date: '2026-11-23', weekday: 1, minute: 0 });
      expect(localTime(utc('2026-11-23T04:59:00Z'), 'America/New_York')).to.deep.equal({
        date: '2026-11-22',
        weekday: 0,
        minute: hm(23, 59),
      });
    });
  });

  describe('parseLocalTime', () => {
    const NY = 'America/New_York';

    it('reads a clock time without offset in the given zone (EST and EDT)', () => {
      expect(parseLocalTime('2026-03-07T08:00', NY)).to.equal(utc('2026-03-07T13:00:00Z'));
      expect(parseLocalTime('2026-03-08T08:00', NY)).to.equal(utc('2026-03-08T12:00:00Z'));
      expect(parseLocalTime('2026-11-01T08:00', NY)).to.equal(utc('2026-11-01T13:00:00Z'));
    });

    it('accepts a space instead of T, seconds, and a date alone (midnight)', () => {
      expect(parseLocalTime('2026-06-01 09:30', NY)).to.equal(utc('2026-06-01T13:30:00Z'));
      expect(parseLocalTime('2026-06-01T09:30:15', NY)).to.equal(utc('2026-06-01T13:30:15Z'));
      expect(parseLocalTime('2026-12-25', NY)).to.equal(utc('2026-12-25T05:00:00Z'));
      expect(parseLocalTime('  2026-12-25T10:00  ', NY)).to.equal(utc('2026-12-25T15:00:00Z'));
    });

    it('settles times right after the DST changes', () => {
      expect(parseLocalTime('2026-03-08T03:30', NY)).to.equal(utc('2026-03-08T07:30:00Z')); // first EDT hour
      expect(parseLocalTime('2026-03-08T01:59', NY)).to.equal(utc('2026-03-08T06:59:00Z')); // last EST minute
      expect(parseLocalTime('2026-11-01T02:30', NY)).to.equal(utc('2026-11-01T07:30:00Z')); // EST again
      expect(parseLocalTime('2026-11-01T00:30', NY)).to.equal(utc('2026-11-01T04:30:00Z')); // still EDT
    });

    it('reads an ambiguous fall-back time as its first occurrence (EDT)', () => {
      expect(parseLocalTime('2026-11-01T01:30', NY)).to.equal(utc('2026-11-01T05:30:00Z'));
    });

    it('works for zones with half-hour offsets and east of UTC', () => {
      expect(parseLocalTime('2026-06-01T09:00', 'Asia/Kolkata')).to.equal(utc('2026-06-01T03:30:00Z'));
      expect(parseLocalTime('2026-06-01T09:00', 'Australia/Sydney')).to.equal(utc('2026-05-31T23:00:00Z'));
      expect(parseLocalTime('2026-06-01T09:00', 'UTC')).to.equal(utc('2026-06-01T09:00:00Z'));
    });

    it('takes a time with an offset or Z as it is, whatever the zone', () => {
      expect(parseLocalTime('2026-03-08T08:00:00-05:00', NY)).to.equal(utc('2026-03-08T13:00:00Z'));
      expect(parseLocalTime('2026-03-08T08:00:00Z', NY)).to.equal(utc('2026-03-08T08:00:00Z'));
      expect(parseLocalTime('2026-03-08T08:00:00+01:00', 'Asia/Tokyo')).to.equal(utc('2026-03-08T07:00:00Z'));
    });

    it('reads fractional seconds in the given zone too', () => {
      expect(parseLocalTime('2026-06-01T09:30:00.000', NY)).to.equal(utc('2026-06-01T13:30:00Z'));
    });

    it('returns undefined for text that is not a time', () => {
      expect(parseLocalTime('tomorrow at ten', NY)).to.equal(undefined);
      expect(parseLocalTime('', NY)).to.equal(undefined);
    });

    it('agrees with isOpen: 19:59 and 20:00 local on either side of closing, across DST', () => {
      const ny = hoursFrom('timezone: America/New_York\nweekly: { daily: 08:00-20:00 }');
      for (const day of ['2026-03-07', '2026-03-08', '2026-07-04', '2026-11-01', '2026-11-02']) {
        expect(isOpen(ny, parseLocalTime(`${day}T19:59`, NY)!), `${day} 19:59`).to.equal(true);
        expect(isOpen(ny, parseLocalTime(`${day}T20:00`, NY)!), `${day} 20:00`).to.equal(false);
        expect(isOpen(ny, parseLocalTime(`${day}T07:59`, NY)!), `${day} 07:59`).to.equal(false);
        expect(isOpen(ny, parseLocalTime(`${day}T08:00`, NY)!), `${day} 08:00`).to.equal(true);
      }
    });
  });
});
