/**
 * Where in France a candidate was born, as CYCLADES asks it (« Département, DOM ou COM de
 * naissance »): its three-character code, as CYCLADES writes it (014 for Calvados, 02A for
 * Corse-du-Sud, 971 for Guadeloupe), and its name. The commune is the birth place beside it.
 */
const LIST: readonly (readonly [string, string])[] = [
  ['001', 'Ain'],
  ['002', 'Aisne'],
  ['003', 'Allier'],
  ['004', 'Alpes-de-Haute-Provence'],
  ['005', 'Hautes-Alpes'],
  ['006', 'Alpes-Maritimes'],
  ['007', 'Ardèche'],
  ['008', 'Ardennes'],
  ['009', 'Ariège'],
  ['010', 'Aube'],
  ['011', 'Aude'],
  ['012', 'Aveyron'],
  ['013', 'Bouches-du-Rhône'],
  ['014', 'Calvados'],
  ['015', 'Cantal'],
  ['016', 'Charente'],
  ['017', 'Charente-Maritime'],
  ['018', 'Cher'],
  ['019', 'Corrèze'],
  ['02A', 'Corse-du-Sud'],
  ['02B', 'Haute-Corse'],
  ['021', 'Côte-d’Or'],
  ['022', 'Côtes-d’Armor'],
  ['023', 'Creuse'],
  ['024', 'Dordogne'],
  ['025', 'Doubs'],
  ['026', 'Drôme'],
  ['027', 'Eure'],
  ['028', 'Eure-et-Loir'],
  ['029', 'Finistère'],
  ['030', 'Gard'],
  ['031', 'Haute-Garonne'],
  ['032', 'Gers'],
  ['033', 'Gironde'],
  ['034', 'Hérault'],
  ['035', 'Ille-et-Vilaine'],
  ['036', 'Indre'],
  ['037', 'Indre-et-Loire'],
  ['038', 'Isère'],
  ['039', 'Jura'],
  ['040', 'Landes'],
  ['041', 'Loir-et-Cher'],
  ['042', 'Loire'],
  ['043', 'Haute-Loire'],
  ['044', 'Loire-Atlantique'],
  ['045', 'Loiret'],
  ['046', 'Lot'],
  ['047', 'Lot-et-Garonne'],
  ['048', 'Lozère'],
  ['049', 'Maine-et-Loire'],
  ['050', 'Manche'],
  ['051', 'Marne'],
  ['052', 'Haute-Marne'],
  ['053', 'Mayenne'],
  ['054', 'Meurthe-et-Moselle'],
  ['055', 'Meuse'],
  ['056', 'Morbihan'],
  ['057', 'Moselle'],
  ['058', 'Nièvre'],
  ['059', 'Nord'],
  ['060', 'Oise'],
  ['061', 'Orne'],
  ['062', 'Pas-de-Calais'],
  ['063', 'Puy-de-Dôme'],
  ['064', 'Pyrénées-Atlantiques'],
  ['065', 'Hautes-Pyrénées'],
  ['066', 'Pyrénées-Orientales'],
  ['067', 'Bas-Rhin'],
  ['068', 'Haut-Rhin'],
  ['069', 'Rhône'],
  ['070', 'Haute-Saône'],
  ['071', 'Saône-et-Loire'],
  ['072', 'Sarthe'],
  ['073', 'Savoie'],
  ['074', 'Haute-Savoie'],
  ['075', 'Paris'],
  ['076', 'Seine-Maritime'],
  ['077', 'Seine-et-Marne'],
  ['078', 'Yvelines'],
  ['079', 'Deux-Sèvres'],
  ['080', 'Somme'],
  ['081', 'Tarn'],
  ['082', 'Tarn-et-Garonne'],
  ['083', 'Var'],
  ['084', 'Vaucluse'],
  ['085', 'Vendée'],
  ['086', 'Vienne'],
  ['087', 'Haute-Vienne'],
  ['088', 'Vosges'],
  ['089', 'Yonne'],
  ['090', 'Territoire de Belfort'],
  ['091', 'Essonne'],
  ['092', 'Hauts-de-Seine'],
  ['093', 'Seine-Saint-Denis'],
  ['094', 'Val-de-Marne'],
  ['095', 'Val-d’Oise'],
  // DOM
  ['971', 'Guadeloupe'],
  ['972', 'Martinique'],
  ['973', 'Guyane'],
  ['974', 'La Réunion'],
  ['976', 'Mayotte'],
  // COM
  ['975', 'Saint-Pierre-et-Miquelon'],
  ['977', 'Saint-Barthélemy'],
  ['978', 'Saint-Martin'],
  ['986', 'Wallis-et-Futuna'],
  ['987', 'Polynésie française'],
  ['988', 'Nouvelle-Calédonie'],
];

const NAMES: ReadonlyMap<string, string> = new Map(LIST);

/** Every code, departments by number then DOM and COM: what the list offers. */
export const DEPARTMENT_CODES: readonly string[] = LIST.map(([code]) => code);

export const isDepartmentCode = (code: string): boolean => NAMES.has(code);

/**
 * The DOM and COM that ISO 3166 also lists as countries of their own: a clerk may pick « La
 * Réunion » as the birth country rather than France, and CYCLADES still wants its department.
 */
const TERRITORY_DEPARTMENTS: Readonly<Record<string, string>> = {
  GP: '971',
  MQ: '972',
  GF: '973',
  RE: '974',
  PM: '975',
  YT: '976',
  BL: '977',
  MF: '978',
  WF: '986',
  PF: '987',
  NC: '988',
};

/** The department of a birth country that is itself a DOM or COM (RE → 974); null for any other. */
export const territoryDepartment = (country: string | null | undefined): string | null =>
  country && Object.hasOwn(TERRITORY_DEPARTMENTS, country) ? TERRITORY_DEPARTMENTS[country]! : null;

/** « 014 - Calvados », as CYCLADES lists it; an unknown code as it is. */
export const departmentLabel = (code: string): string => {
  const name = NAMES.get(code);
  return name ? `${code} - ${name}` : code;
};

const fold = (s: string) =>
  s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[’']/g, "'")
    .trim()
    .toLowerCase();

/**
 * The code a department typed elsewhere (an online pre-registration) stands for: « 014 », « 14 »,
 * « 2A », « 014 - Calvados » or « calvados »; null for anything else, which the clerk then chooses.
 */
export function toDepartmentCode(typed: string): string | null {
  const head = /^\s*(\d{1,3}|\d{0,2}[AB])\b/i.exec(typed)?.[1]?.toUpperCase().padStart(3, '0');
  if (head && NAMES.has(head)) return head;
  const name = fold(typed);
  return LIST.find(([, n]) => fold(n) === name)?.[0] ?? null;
}
