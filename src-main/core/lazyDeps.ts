import type { AxiosStatic } from 'axios';
import type ExcelJS from 'exceljs';
import type JSZip from 'jszip';

/**
 * Libraries that take 30–200 ms each to load, loaded with their first use rather than at start-up,
 * where together they delayed the first page by about 0.3 s. Node keeps each once loaded.
 */
export const loadExcelJS = async (): Promise<typeof ExcelJS> => (await import('exceljs')).default;
export const loadPdfLib = () => import('pdf-lib');
export const loadSharp = async () => (await import('sharp')).default;
export const loadJSZip = async (): Promise<typeof JSZip> => (await import('jszip')).default;
export const loadAxios = async (): Promise<AxiosStatic> => (await import('axios')).default;
