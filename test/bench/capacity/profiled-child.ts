// A process for the profiler's test: it answers profile requests like a bench server, and on
// `spin` burns `ms` of its own CPU in one known function, then says so.
import { answerProfileRequests } from '../../../bench/capacity/cpu-profile.js';

function spinTheKnownFunction(ms: number): number {
  const start = process.cpuUsage();
  let turns = 0;
  for (;;) {
    // Long rounds between clock reads: process.cpuUsage is a system call, and must not top the profile itself.
    for (let i = 0; i < 2_000_000; i++) turns += i % 7;
    const used = process.cpuUsage(start);
    if ((used.user + used.system) / 1000 >= ms) return turns;
  }
}

answerProfileRequests();
process.on('message', (m: { type: string; ms?: number }) => {
  if (m.type === 'spin') process.send!({ type: 'spun', turns: spinTheKnownFunction(m.ms!) });
});
process.send!({ type: 'ready' });
