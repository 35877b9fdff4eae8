import type { excelFr } from './excel.fr';

type Shape<T> = { [K in keyof T]: T[K] extends string ? string : Shape<T[K]> };

/** English strings of the Excel area; same keys as excel.fr.ts. */
export const excelEn: Shape<typeof excelFr> = {
  rules: {
    individual_only: 'This exam is registered individually at the counter, not from a school list.',
  },
  validation: {
    file_too_big: 'File too large.',
    xlsx_pdf: 'This file is a renamed PDF, not an Excel workbook: save the list as .xlsx.',
    xlsx_old_xls: 'Old Excel format (.xls): open the file in Excel and save it as .xlsx.',
    xlsx_encrypted: 'Password-protected workbook: save it without a password and try again.',
    xlsx_text: 'Text file (CSV): use the Excel template (.xlsx) from the office.',
    xlsx_not_xlsx: 'This file is not an Excel workbook (.xlsx).',
    xlsx_corrupt: 'Unreadable or damaged workbook: save it again as .xlsx.',
    xlsx_empty: 'No candidate sheet in this workbook.',
    xlsx_missing_columns: 'Missing columns: {columns}. Use the template without deleting columns.',
    xlsx_columns_renamed:
      'Missing columns: {columns}; unrecognised columns: {unknown}. Do not rename the template’s columns.',
    xlsx_too_many_rows: 'The file has {rows} rows: at most {max} per import. Split the list.',
    already_imported: 'This file was already imported on {at} by {clerk} ({count} registrations).',
    import_has_errors: '{count} row(s) in error: fix them or import only the valid rows.',
    nothing_to_import: 'No valid row to import.',
    individual_only: 'This exam is registered individually at the counter, not from a school list.',
    cell_formula: 'formula in cell {cell}: type the value itself.',
    cell_error: 'calculation error in cell {cell}.',
    cell_merged: 'merged cells ({range}): unmerge them.',
    date_text: 'unreadable date “{value}”: type it as dd/mm/yyyy.',
    list_value: 'value “{value}” is not in the list ({allowed}).',
    duplicate_in_file: 'same candidate as row {row} of the file.',
    duplicate_national_id_db: 'ID document already registered (candidate No. {number}): register them at the counter.',
    possible_duplicate_db:
      'similar candidate already registered (No. {number}, same birth date): check at the counter.',
  },
};
