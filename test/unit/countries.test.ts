import { describe, expect, it } from 'vitest';
import { COUNTRY_CODES, countryName, isCountryCode, toCountryCode } from '../../shared/domain/countries';

describe('countries', () => {
  it('names a code in French, and leaves a value typed before codes as it was', () => {
    expect(countryName('KM')).toBe('Comores');
    expect(countryName('MA')).toBe('Maroc');
    expect(countryName('Comorienne')).toBe('Comorienne');
  });

  it('offers every ISO country once, in the order of its French name', () => {
    expect(COUNTRY_CODES.length).toBeGreaterThan(240);
    expect(new Set(COUNTRY_CODES).size).toBe(COUNTRY_CODES.length);
    const names = COUNTRY_CODES.map(countryName);
    expect(names.indexOf('Comores')).toBeLessThan(names.indexOf('Maroc'));
    expect(names.indexOf("États-Unis d'Amérique")).toBeGreaterThan(names.indexOf('Espagne'));
  });

  it('reads what a school typed: a code, a three-letter code or a name, whatever the case and accents', () => {
    expect(toCountryCode(' km ')).toBe('KM');
    expect(toCountryCode('COM')).toBe('KM');
    expect(toCountryCode('mar')).toBe('MA');
    expect(toCountryCode('comores')).toBe('KM');
    expect(toCountryCode('Comoros')).toBe('KM');
    expect(toCountryCode('cote d ivoire')).toBe('CI');
    expect(toCountryCode('FRANCE')).toBe('FR');
  });

  it('reads a French name written with its article, as a form or a school writes it', () => {
    expect(toCountryCode('La Réunion')).toBe('RE');
    expect(toCountryCode('les Comores')).toBe('KM');
    expect(toCountryCode('Le Maroc')).toBe('MA');
    expect(toCountryCode('L’Algérie')).toBe('DZ');
    expect(toCountryCode("l'Algerie")).toBe('DZ');
    // The article alone, or before no country, is still no country ('la' is Laos's code).
    expect(toCountryCode('les')).toBeNull();
    expect(toCountryCode('La Comorie')).toBeNull();
  });

  it('reads a nationality written as the pupil’s own adjective, in French or English', () => {
    expect(toCountryCode('Comorienne')).toBe('KM');
    expect(toCountryCode('comorien')).toBe('KM');
    expect(toCountryCode('Marocaine')).toBe('MA');
    expect(toCountryCode('FRANÇAISE')).toBe('FR');
    expect(toCountryCode('Malgache')).toBe('MG');
    expect(toCountryCode('Mahoraise')).toBe('YT');
    expect(toCountryCode('grecque')).toBe('GR');
    expect(toCountryCode('Turque')).toBe('TR');
    expect(toCountryCode('française')).toBe('FR');
    expect(toCountryCode('Moroccan')).toBe('MA');
    // Two countries share the word: it is asked for, not guessed.
    expect(toCountryCode('Congolaise')).toBeNull();
  });

  it('refuses what is no country', () => {
    expect(toCountryCode('ZZ')).toBeNull();
    expect(toCountryCode('Comorie')).toBeNull();
    expect(toCountryCode('')).toBeNull();
    expect(isCountryCode('km')).toBe(false);
    expect(isCountryCode('KM')).toBe(true);
  });
});
