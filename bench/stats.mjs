// Small statistics and formatting helpers for the benchmark report.

/** The q-quantile (0..1) of numbers, by nearest rank; null for an empty list. */
export function quantile(values, q) {
  const v = values.filter((x) => typeof x === 'number' && Number.isFinite(x)).sort((a, b) => a - b);
  if (v.length === 0) return null;
  return v[Math.min(v.length - 1, Math.max(0, Math.ceil(q * v.length) - 1))];
}

/** The median of numbers (nulls ignored); null when there are none. */
export function median(values) {
  const v = values.filter((x) => typeof x === 'number' && Number.isFinite(x)).sort((a, b) => a - b);
  if (v.length === 0) return null;
  const m = v.length >> 1;
  return v.length % 2 ? v[m] : (v[m - 1] + v[m]) / 2;
}

/** Milliseconds for the table ("n/a" for null). */
export function ms(x) {
  if (x === null || x === undefined) return 'n/a';
  return x >= 100 ? x.toFixed(0) : x.toFixed(1);
}

/** Bytes as KB or MB for the table. */
export function bytes(x) {
  if (x === null || x === undefined) return 'n/a';
  return x >= 1024 * 1024 ? `${(x / 1024 / 1024).toFixed(1)} MB` : `${(x / 1024).toFixed(0)} KB`;
}

/** A Markdown table from a header row and rows of cells. */
export function markdownTable(header, rows) {
  const line = (cells) => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}
