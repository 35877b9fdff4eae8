import { describe, expect, it } from 'vitest';
import { candidateSchema } from '../../shared/domain/candidate';
import { DEPARTMENT_CODES, departmentLabel, isDepartmentCode, toDepartmentCode } from '../../shared/domain/departments';
import { toSocioCategory } from '../../shared/domain/socioCategories';

const rules = candidateSchema({ region: 'KM', today: '2026-03-02' });

/** A candidate the counter takes, born where `birth` says. */
const identity = (birth: { birthCountry: string | null; birthDepartment: string | null }) => ({
  surname: 'Binet',
  givenNames: 'Laurent',
  usageName: null,
  sex: 'M' as const,
  birthDate: '2001-02-01',
  birthPlace: 'Caen',
  nationality: 'FR',
  idType: null,
  idNumber: null,
  phone: null,
  email: null,
  address: null,
  guardian: null,
  socioCategory: null,
  ...birth,
});

/** The codes of the issues at the department's field; [] when the identity passes there. */
const departmentErrors = (birth: Parameters<typeof identity>[0], schema = rules) => {
  const r = schema.safeParse(identity(birth));
  return r.success ? [] : r.error.issues.filter((i) => i.path[0] === 'birthDepartment').map((i) => i.message);
};

describe('the birth department (CYCLADES’s « Département, DOM ou COM de naissance »)', () => {
  it('is asked of a candidate born in France, and taken as the code the list gives, in any case', () => {
    expect(departmentErrors({ birthCountry: 'FR', birthDepartment: null })).toEqual(['required']);
    expect(departmentErrors({ birthCountry: 'fr', birthDepartment: '' })).toEqual(['required']);
    expect(departmentErrors({ birthCountry: 'FR', birthDepartment: '014' })).toEqual([]);
    const parsed = rules.parse(identity({ birthCountry: 'FR', birthDepartment: ' 02a ' }));
    expect(parsed.birthDepartment).toBe('02A');
  });

  it('must be a department, DOM or COM of the list', () => {
    expect(departmentErrors({ birthCountry: 'FR', birthDepartment: '999' })).toEqual(['department_unknown']);
    expect(departmentErrors({ birthCountry: 'FR', birthDepartment: '14' })).toEqual(['department_unknown']);
    expect(departmentErrors({ birthCountry: 'FR', birthDepartment: '971' })).toEqual([]);
    expect(departmentErrors({ birthCountry: 'FR', birthDepartment: '988' })).toEqual([]);
  });

  it('is refused for a birth in another country, or where none is said, and not asked there', () => {
    expect(departmentErrors({ birthCountry: 'KM', birthDepartment: '014' })).toEqual(['department_not_france']);
    expect(departmentErrors({ birthCountry: null, birthDepartment: '014' })).toEqual(['department_not_france']);
    expect(departmentErrors({ birthCountry: 'KM', birthDepartment: null })).toEqual([]);
    expect(departmentErrors({ birthCountry: null, birthDepartment: null })).toEqual([]);
  });

  it('is asked of a birth in a DOM or COM picked as its own country, and must be that one', () => {
    const territories = { RE: '974', GP: '971', MQ: '972', GF: '973', YT: '976', PM: '975' };
    const others = { BL: '977', MF: '978', WF: '986', PF: '987', NC: '988' };
    for (const [birthCountry, own] of Object.entries({ ...territories, ...others })) {
      expect(departmentErrors({ birthCountry, birthDepartment: own })).toEqual([]);
      expect(departmentErrors({ birthCountry, birthDepartment: null })).toEqual(['required']);
      // France may still say born at La Réunion: its list takes every department.
      expect(departmentErrors({ birthCountry: 'FR', birthDepartment: own })).toEqual([]);
    }
    expect(rules.parse(identity({ birthCountry: 're', birthDepartment: '974' })).birthDepartment).toBe('974');
  });

  it('names the territory’s own department when another is given with it', () => {
    const r = rules.safeParse(identity({ birthCountry: 'RE', birthDepartment: '971' }));
    expect(
      r.success ? [] : r.error.issues.map((i) => [i.path.join('.'), i.message, (i as { params?: unknown }).params]),
    ).toEqual([['birthDepartment', 'department_not_territory', { department: '974 - La Réunion' }]]);
    expect(departmentErrors({ birthCountry: 'NC', birthDepartment: '014' })).toEqual(['department_not_territory']);
    // An unknown code is said as unknown, not as the wrong territory.
    expect(departmentErrors({ birthCountry: 'RE', birthDepartment: '999' })).toEqual(['department_unknown']);
  });

  it('is not asked where nothing asks it (a school’s list), but still checked when given', () => {
    const list = candidateSchema({ region: 'KM', today: '2026-03-02', birthDepartmentAsked: false });
    expect(departmentErrors({ birthCountry: 'FR', birthDepartment: null }, list)).toEqual([]);
    expect(departmentErrors({ birthCountry: 'KM', birthDepartment: '014' }, list)).toEqual(['department_not_france']);
    expect(departmentErrors({ birthCountry: 'RE', birthDepartment: null }, list)).toEqual([]);
    expect(departmentErrors({ birthCountry: 'RE', birthDepartment: '971' }, list)).toEqual([
      'department_not_territory',
    ]);
  });

  it('lists each code once, Corsica as 02A and 02B, and names it as CYCLADES does', () => {
    expect(new Set(DEPARTMENT_CODES).size).toBe(DEPARTMENT_CODES.length);
    expect(DEPARTMENT_CODES).toHaveLength(96 + 5 + 6);
    expect(isDepartmentCode('020')).toBe(false);
    expect(departmentLabel('014')).toBe('014 - Calvados');
    expect(departmentLabel('02B')).toBe('02B - Haute-Corse');
  });
});

describe('the socio-professional category', () => {
  it('is optional, and one of the eight INSEE groups when given', () => {
    const issues = (socioCategory: string | null) => {
      const r = rules.safeParse({ ...identity({ birthCountry: 'KM', birthDepartment: null }), socioCategory });
      return r.success ? [] : r.error.issues.map((i) => [i.path.join('.'), i.message]);
    };
    expect(issues(null)).toEqual([]);
    expect(issues('5')).toEqual([]);
    expect(issues('9')).toEqual([['socioCategory', 'socio_category_unknown']]);
  });
});

describe('a department or category typed online', () => {
  it('is read by its code in any usual form or by its name, and anything else is left for the clerk', () => {
    const read = [
      '014',
      '14',
      ' 14 ',
      '014 - Calvados',
      'calvados',
      '2a',
      '02A',
      'Corse-du-Sud',
      '971',
      "val-d'oise",
      'Ain',
    ];
    expect(read.map(toDepartmentCode)).toEqual([
      '014',
      '014',
      '014',
      '014',
      '014',
      '02A',
      '02A',
      '02A',
      '971',
      '095',
      '001',
    ]);
    expect(['', '20', '1000', 'Normandie', 'B', '14abc'].map(toDepartmentCode)).toEqual([
      null,
      null,
      null,
      null,
      null,
      null,
    ]);
    expect(['5', ' 5', 'employés', 'EMPLOYES', 'Ouvriers', '9', 'cadre', ''].map(toSocioCategory)).toEqual([
      '5',
      '5',
      '5',
      '5',
      '6',
      null,
      null,
      null,
    ]);
  });
});
