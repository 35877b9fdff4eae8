import type ExcelJS from 'exceljs';
import type { RowError } from '../../../shared/contract/excel';
import { HEADER_FILL } from './template';

const FAULT_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFFC7CE' } };

/**
 * Cells read from a file share one style object per format (every text cell of the template, every
 * date cell), and exceljs's `cell.fill = …` writes into that object: the cell gets a copy of its own.
 */
function restyle(cell: ExcelJS.Cell, change: Partial<ExcelJS.Style>): void {
  cell.style = { ...cell.style, ...change };
}

/** The school's own workbook, untouched but for an "Erreurs" column and the faulty cells in red. */
export async function errorReport(
  workbook: ExcelJS.Workbook,
  sheet: ExcelJS.Worksheet,
  headerRow: number,
  errors: RowError[],
): Promise<Buffer> {
  const col = sheet.actualColumnCount + 1;
  const header = sheet.getRow(headerRow).getCell(col);
  header.value = 'Erreurs';
  restyle(header, { font: { bold: true, color: { argb: 'FF9C0006' } }, fill: HEADER_FILL });
  sheet.getColumn(col).width = 70;
  const byRow = new Map<number, RowError[]>();
  for (const e of errors) byRow.set(e.row, [...(byRow.get(e.row) ?? []), e]);
  for (const [r, list] of byRow) {
    const row = sheet.getRow(r);
    const cell = row.getCell(col);
    cell.value = list.map((e) => e.message).join('\n');
    restyle(cell, { alignment: { wrapText: true, vertical: 'top' }, font: { color: { argb: 'FF9C0006' } } });
    for (const e of list) if (e.column) restyle(row.getCell(e.column), { fill: FAULT_FILL });
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
