/** The goals the issues name, so the table says at a glance what is met. */
const below = (limit: number, unit: string) => ({ text: `< ${limit} ${unit}`, test: (v: number) => v < limit });
const atMost = (limit: number) => ({ text: `≤ ${limit}`, test: (v: number) => v <= limit });

export const GOALS: Record<string, { text: string; test: (v: number) => boolean }> = {
  web_cold_start_ms: below(2000, 'ms'),
  search_p95_ms_200k: below(20, 'ms'),
  search_ratio_vs_fts5: atMost(2),
  save_registration_p95_ms: below(10, 'ms'),
  fiche_pdf_ms: below(120, 'ms'),
  batch_1000_fiches_s: below(60, 's'),
  attach_pdf_5mb_ms: below(300, 'ms'),
  photo_normalise_ms: below(200, 'ms'),
  merged_dossier_10_pieces_ms: below(1500, 'ms'),
  sync_push_10k_with_photos_s: below(60, 's'),
  sync_resume_after_kill_lost: { text: '= 0', test: (v) => v === 0 },
  excel_import_10k_s: below(10, 's'),
  excel_import_ratio_vs_read: atMost(3),
  excel_export_50k_s: below(10, 's'),
  usb_bundle_10k_s: below(60, 's'),
  // No issue names one: a start in June must meet the cold-start bar of an empty office.
  startup_season_ms: below(2000, 'ms'),
  web_season_start_ms: below(2000, 'ms'),
};
