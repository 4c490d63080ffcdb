// Charts for the pages, drawn with uPlot (served at /vendor/uplot/uPlot.iife.min.js, which defines
// window.uPlot; load it and /vendor/uplot/uPlot.min.css before this module). One helper for every page:
//   const c = timeChart(el, { title, yLabel, unit: '%', timezone, kind: 'line' | 'bars', max: 100, whole: false, per: 'hour' | 'day' });
//   c.update(times, [{ label, values }], [{ label, value }]);   // times: Unix seconds; values: null = no data
// A null value is drawn as a gap and read "no calls" (`empty`) under the cursor; 0 is drawn as 0. Targets are
// dashed horizontal lines with their own legend entry. The legend shows the values under the cursor.

const COLOURS = ['#2f6fed', '#1f9d55', '#b45309', '#7c3aed', '#0e7490', '#be185d', '#4d7c0f', '#475569'];
const TARGET_COLOUR = '#c81e1e';

/** A value as the legend shows it: `empty` for null, else rounded with its unit. */
export function formatValue(v, unit, empty = 'no calls') {
  if (v === null || v === undefined) return empty;
  const rounded = Math.abs(v) >= 10 || Number.isInteger(v) ? Math.round(v) : Math.round(v * 10) / 10;
  return unit === '%' ? `${rounded}%` : unit ? `${rounded} ${unit}` : String(rounded);
}

/** Hour and minute of a Unix time in the centre's zone, e.g. 14:00. */
const clock = (seconds, timezone) =>
  new Date(seconds * 1000).toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit', timeZone: timezone });

/** Day and month of a Unix time in the centre's zone, e.g. 1 Dec (a chart per day). */
const day = (seconds, timezone) =>
  new Date(seconds * 1000).toLocaleDateString('en-GB', { day: 'numeric', month: 'short', timeZone: timezone });

/**
 * A chart over time in `el`, made on the first update (and again when its series change), resized
 * with its box. `kind`: 'line' (points joined, gaps for null) or 'bars' (side by side per time).
 */
export function timeChart(el, o) {
  let plot;
  let shape = '';
  let last;
  const unit = o.unit ?? '';
  const empty = o.empty ?? 'no calls';
  // What the time axis and the legend read: the hour (default) or, per day, the date.
  const perDay = o.per === 'day';
  const when = (t) => (perDay ? day(t, o.timezone) : clock(t, o.timezone));
  // The box's own width (a phone's card is narrower than 300 px); 600 before it is laid out.
  const width = () => Math.max(160, el.clientWidth || 600);

  function build(times, series, targets) {
    plot?.destroy();
    const n = series.length;
    const lines = series.map((s, i) => ({
      label: s.label,
      stroke: COLOURS[i % COLOURS.length],
      fill: o.kind === 'bars' ? `${COLOURS[i % COLOURS.length]}cc` : undefined,
      width: o.kind === 'bars' ? 1 : 2,
      spanGaps: false,
      // Points only while they stay apart (a 30-day report per 15 minutes is a line).
      points: { show: o.kind !== 'bars' && times.length < 40, size: 7, fill: COLOURS[i % COLOURS.length] },
      // Two bar series stand side by side in each time slot; one stands centred.
      paths:
        o.kind === 'bars'
          ? window.uPlot.paths.bars({ size: [n === 2 ? 0.4 : 0.6, 40], align: n === 2 ? (i === 0 ? -1 : 1) : 0, gap: 1 })
          : undefined,
      value: (_u, v) => formatValue(v, unit, empty),
    }));
    const marks = targets.map((t) => ({
      label: t.label,
      stroke: TARGET_COLOUR,
      width: 2,
      dash: [8, 5],
      points: { show: false },
      value: (_u, v) => formatValue(v, unit, '—'),
    }));
    plot = new window.uPlot(
      {
        title: o.title,
        width: width(),
        height: o.height ?? 220,
        tzDate: (ts) => window.uPlot.tzDate(new Date(ts * 1000), o.timezone ?? 'UTC'),
        // A little room beyond 0 and a fixed maximum, so points drawn there are not cut in half.
        scales: {
          x: { time: true },
          y: { range: (_u, _min, max) => (o.max ? [-o.max * 0.03, o.max * 1.03] : [0, Math.max(1, (max ?? 0) * 1.15)]) },
        },
        axes: [
          { label: o.xLabel ?? `${perDay ? 'Day' : 'Hour'} (${o.timezone ?? 'UTC'})`, values: (_u, ticks) => ticks.map(when) },
          // Counts (calls, agents) tick at whole numbers only.
          {
            label: o.yLabel,
            values: (_u, ticks) => ticks.map((t) => formatValue(t, unit)),
            size: 60,
            ...(o.whole ? { incrs: [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000] } : {}),
          },
        ],
        series: [{ label: 'Time', value: (_u, t) => (t === null || t === undefined ? '—' : when(t)) }, ...lines, ...marks],
        legend: { live: true },
        cursor: { points: { size: 9 } },
      },
      data(times, series, targets),
      el,
    );
    // For tests and other pages: the chart drawn here.
    el.uplot = plot;
  }

  const data = (times, series, targets) => [times, ...series.map((s) => s.values), ...targets.map((t) => times.map(() => t.value))];

  // Resized with its box (the window, a grid reflowing, a card shown), not only with the window.
  const resize = () => plot && plot.width !== width() && plot.setSize({ width: width(), height: o.height ?? 220 });
  const watch = new ResizeObserver(resize);
  watch.observe(el);

  return {
    /** Draws `series` over `times`, with `targets` as dashed lines (a null target value draws none). */
    update(times, series, targets = []) {
      const marks = targets.filter((t) => t.value !== null && t.value !== undefined);
      const next = JSON.stringify([series.map((s) => s.label), marks.map((t) => t.label)]);
      last = { times, series, marks };
      if (next !== shape || !plot) {
        shape = next;
        build(times, series, marks);
      } else plot.setData(data(times, series, marks));
      el.setAttribute('role', 'img');
      el.setAttribute(
        'aria-label',
        `${o.title ?? o.yLabel}: ${series.map((s) => s.label).join(', ')}${marks.map((t) => `; ${t.label}`).join('')}`,
      );
    },
    get data() {
      return last;
    },
    /** The zone the time axis and the legend read hours in (the centre's). */
    set timezone(zone) {
      if (zone === o.timezone) return;
      o.timezone = zone;
      shape = '';
    },
    destroy() {
      watch.disconnect();
      plot?.destroy();
      plot = undefined;
    },
  };
}
