// At phone width a `table.stack` shows one card per row, each cell labelled by its column (style.css
// reads the label from data-label). Pages that render rows without labels get them here: every
// cell without a data-label takes its column's heading, now and each time the body is redrawn.

function label(table) {
  const heads = [...table.querySelectorAll('thead th')].map((th) => th.textContent.trim());
  for (const tr of table.tBodies[0]?.rows ?? []) {
    let column = 0;
    for (const td of tr.cells) {
      if (!td.hasAttribute('data-label') && td.colSpan === 1) td.setAttribute('data-label', heads[column] ?? '');
      column += td.colSpan;
    }
  }
}

/** Labels the cells of every `table.stack` under `root` and keeps them labelled as rows change. */
export function labelStackedTables(root = document) {
  for (const table of root.querySelectorAll('table.stack')) {
    label(table);
    const body = table.tBodies[0];
    if (body) new MutationObserver(() => label(table)).observe(body, { childList: true });
  }
}
