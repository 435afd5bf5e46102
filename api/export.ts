import ExcelJS from 'exceljs';
import type { Request, Response } from 'express';
import { once } from 'node:events';
import { logger } from '../config/logger';

/** How a report is answered: the contract's JSON, or a file to download. */
export type ReportFormat = 'json' | 'csv' | 'xlsx';

export const CSV_MIME = 'text/csv';
export const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** `format=` wins; otherwise the Accept header (JSON first, so `*∕*` and browsers get JSON). */
export function reportFormat(req: Request, explicit: ReportFormat | undefined): ReportFormat {
  if (explicit) return explicit;
  const accepted = req.accepts(['application/json', CSV_MIME, XLSX_MIME]);
  if (accepted === CSV_MIME) return 'csv';
  if (accepted === XLSX_MIME) return 'xlsx';
  return 'json';
}

export type Cell = string | number | boolean | null | undefined;

export interface Column<T> {
  header: string;
  value: (row: T) => Cell;
  /** Column width in characters (XLSX). */
  width?: number;
}

export interface TableExport<T> {
  format: 'csv' | 'xlsx';
  /** File name without extension; reduced to [A-Za-z0-9._-]. */
  filename: string;
  sheetName: string;
  columns: Column<T>[];
  rows: AsyncIterable<T> | Iterable<T>;
}

/**
 * Streams a table as CSV (RFC 4180, UTF-8 with a BOM so that Excel reads Vietnamese, CRLF) or XLSX (exceljs'
 * streaming WorkbookWriter), with `Content-Disposition: attachment`. Rows are pulled one at a time and the
 * writer waits for the client when the socket's buffer is full, so memory stays bounded for large lists.
 *
 * The first row is read before any header is sent: a failing query still gets the JSON error body. A
 * failure after that can only cut the download short (the status line is gone), so the response is destroyed
 * and the client sees a truncated transfer rather than a file that looks complete.
 */
export async function sendTable<T>(res: Response, t: TableExport<T>): Promise<void> {
  const iterator = (Symbol.asyncIterator in t.rows ? t.rows[Symbol.asyncIterator]() : toAsync(t.rows as Iterable<T>)) as AsyncIterator<T>;
  const first = await iterator.next();
  const name = `${t.filename.replace(/[^A-Za-z0-9._-]+/g, '_')}.${t.format}`;
  res.status(200);
  res.setHeader('Content-Type', t.format === 'csv' ? `${CSV_MIME}; charset=utf-8; header=present` : XLSX_MIME);
  res.setHeader('Content-Disposition', `attachment; filename="${name}"`);
  res.setHeader('Cache-Control', 'no-store');
  try {
    if (t.format === 'csv') await writeCsv(res, t.columns, first, iterator);
    else await writeXlsx(res, t.sheetName, t.columns, first, iterator);
  } catch (err) {
    logger.error({ err, file: name }, 'export failed after it started; the download is cut short');
    await iterator.return?.();
    res.destroy(err instanceof Error ? err : new Error(String(err)));
  }
}

async function* toAsync<T>(rows: Iterable<T>): AsyncGenerator<T> {
  yield* rows;
}

/**
 * One CSV field (RFC 4180): quoted when it holds a comma, a quote or a line break; quotes doubled. A text
 * that a spreadsheet would take for a formula (=, +, -, @, tab, CR first) gets a leading apostrophe (OWASP's
 * CSV-injection advice); numbers stay numbers.
 */
export function csvField(value: Cell): string {
  if (value === null || value === undefined) return '';
  const text = typeof value === 'string' ? (/^[=+\-@\t\r]/.test(value) ? `'${value}` : value) : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvLine(cells: Cell[]): string {
  return `${cells.map(csvField).join(',')}\r\n`;
}

async function writeCsv<T>(res: Response, columns: Column<T>[], first: IteratorResult<T>, rest: AsyncIterator<T>): Promise<void> {
  await write(res, `\uFEFF${csvLine(columns.map((c) => c.header))}`);
  for (let r = first; !r.done; r = await rest.next()) {
    await write(res, csvLine(columns.map((c) => c.value(r.value))));
  }
  res.end();
}

/** Writes and, when the socket's buffer is full, waits until it drains (or the client goes away). */
async function write(res: Response, chunk: string): Promise<void> {
  if (res.destroyed) throw new Error('the client went away');
  if (!res.write(chunk)) await drained(res);
}

async function drained(res: Response): Promise<void> {
  const ac = new AbortController();
  try {
    await Promise.race([once(res, 'drain', { signal: ac.signal }), once(res, 'close', { signal: ac.signal }).then(() => Promise.reject(new Error('the client went away')))]);
  } finally {
    ac.abort();
  }
}

async function writeXlsx<T>(res: Response, sheetName: string, columns: Column<T>[], first: IteratorResult<T>, rest: AsyncIterator<T>): Promise<void> {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: res, useStyles: true, useSharedStrings: false });
  workbook.creator = 'Motcua';
  workbook.created = new Date();
  const sheet = workbook.addWorksheet(sheetName.slice(0, 31), { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = columns.map((c, i) => ({ key: String(i), width: c.width ?? Math.max(12, c.header.length + 2) }));
  const header = sheet.addRow(columns.map((c) => c.header));
  header.font = { bold: true };
  header.commit();
  let n = 0;
  for (let r = first; !r.done; r = await rest.next()) {
    const row = r.value;
    sheet.addRow(columns.map((c) => c.value(row) ?? null)).commit();
    // The writer pipes into the response: between batches, let the client catch up.
    if (++n % 500 === 0 && res.writableNeedDrain) await drained(res);
    if (res.destroyed) throw new Error('the client went away');
  }
  sheet.commit();
  await workbook.commit();
}
