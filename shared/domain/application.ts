import { findExam, type Catalogue } from './catalogue';

/** A saved registration's choices, by code, as stored. */
export interface ApplicationCodes {
  examCode: string;
  seriesCode: string | null;
  category: string;
  centreCode: string;
  etablissementCode: string | null;
  details: {
    accommodations: { needed: boolean; details: string };
    epreuves: { optional: string[]; exemptions: { epreuveCode: string; kind: 'acquis' | 'dispense' }[] };
  };
}

export type EpreuveStatus = 'obligatoire' | 'facultative' | 'acquis' | 'dispense';

/** The same choices in words, as the fiche prints them and the candidate's page shows them. */
export interface ApplicationWords {
  exam: string;
  series: string | null;
  category: string;
  centre: string;
  etablissement: string | null;
  /** The épreuves the candidate sits: every compulsory one and the options chosen, each with its status. */
  epreuves: { code: string; label: string; status: EpreuveStatus }[];
  /** What was asked for, "Oui" when nothing was written; null when none was asked for. */
  accommodations: string | null;
}

/**
 * Codes the catalogue no longer knows stay as codes rather than vanish: a document must still
 * say where the candidate sits after a centre was dropped from the catalogue.
 */
export function describeApplication(catalogue: Catalogue, a: ApplicationCodes): ApplicationWords {
  const exam = findExam(catalogue, a.examCode);
  const series = exam?.series.find((s) => s.code === a.seriesCode);
  const exempt = new Map(a.details.epreuves.exemptions.map((e) => [e.epreuveCode, e.kind]));
  const name = (list: { code: string; name: string }[], code: string | null) =>
    list.find((x) => x.code === code)?.name ?? code;
  return {
    exam: exam?.label ?? a.examCode,
    series: series?.label ?? a.seriesCode,
    category: catalogue.categories.find((x) => x.code === a.category)?.label ?? a.category,
    centre: name(catalogue.centres, a.centreCode) ?? a.centreCode,
    etablissement: name(catalogue.etablissements, a.etablissementCode),
    epreuves: [...(exam?.epreuves ?? []), ...(series?.epreuves ?? [])]
      .filter((e) => e.type === 'obligatoire' || a.details.epreuves.optional.includes(e.code))
      .map((e) => ({ code: e.code, label: e.label, status: exempt.get(e.code) ?? e.type })),
    accommodations: a.details.accommodations.needed ? a.details.accommodations.details || 'Oui' : null,
  };
}
