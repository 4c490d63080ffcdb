// Asterisk's queue hold-time estimate, as app_queue announces it (apps/app_queue.c in
// asterisk/asterisk), for the wait-estimate section of `npm run bench` to compare ours against.
//
// recalc_holdtime, called with a caller's hold time (now - qe->start) when a member answers them:
//   q->holdtime = (((oldvalue << 2) - oldvalue) + newholdtime) >> 2;     i.e. (3 × old + new) ÷ 4, in whole seconds
// say_position, when it announces the hold time:
//   avgholdmins = abs(((qe->parent->holdtime + 30) - (now - qe->start)) / 60);
//   (C integer division, which truncates toward zero; with the default roundingseconds = 0 no
//   seconds are said, and a hold time of 0 minutes is not announced at all). The queue's hold time
//   less what this caller has waited, to the nearest minute, is all of it: neither the caller's
//   position nor the number of members enters the figure.

/** The queue's hold time after a caller who held `newHoldSeconds` is answered (recalc_holdtime). */
export function asteriskHoldtime(oldHoldtime: number, newHoldSeconds: number): number {
  return ((oldHoldtime << 2) - oldHoldtime + newHoldSeconds) >> 2;
}

/** The minutes say_position announces to a caller who has waited `waitedSeconds` (0: none said). */
export function asteriskAnnouncedMinutes(holdtime: number, waitedSeconds: number): number {
  return Math.abs(Math.trunc((holdtime + 30 - waitedSeconds) / 60));
}
