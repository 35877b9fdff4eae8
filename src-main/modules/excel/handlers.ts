import type { excelContract, reportsContract } from '../../../shared/contract/excel';
import type { Handlers } from '../../core/registry';
import type { ReportsService } from './reports';
import type { ExcelService } from './service';

export const excelHandlers = (excel: ExcelService): Handlers<typeof excelContract> => ({
  'excel.template': (target) => excel.template(target),
  'excel.preview': ({ fileBase64, jobId, ...target }) => excel.preview(target, fileBase64, jobId),
  'excel.commit': ({ fileBase64, fileName, mode, jobId, ...target }, ctx) =>
    excel.commit(ctx.session!, target, fileBase64, fileName, mode, jobId),
  'excel.progress': ({ jobId }) => excel.progress(jobId),
  'excel.cancel': ({ jobId }) => excel.cancel(jobId),
  'excel.imports': ({ limit }) => excel.history(limit),
  'excel.errorReport': ({ fileBase64, ...target }) => excel.errorReport(target, fileBase64),
  'excel.export': ({ kind, format, ...filter }) => excel.export(kind, format, filter),
});

export const reportsHandlers = (reports: ReportsService): Handlers<typeof reportsContract> => ({
  'reports.counts': (filter) => reports.counts(filter),
  'reports.pdf': (filter) => reports.pdf(filter),
  'reports.xlsx': (filter) => reports.xlsx(filter),
});
