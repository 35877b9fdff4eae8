import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const config = parse(readFileSync('electron-builder.yml', 'utf8')) as Record<string, Record<string, unknown>>;

describe('electron-builder.yml', () => {
  it('names the product and its installers: NSIS per machine in French, AppImage and deb', () => {
    expect(config.appId).toBe('org.guichet.counter');
    expect(config.productName).toBe('Guichet');
    expect(config.nsis).toMatchObject({ perMachine: true, oneClick: false, installerLanguages: ['fr_FR'] });
    expect(JSON.stringify(config.win)).toContain('nsis');
    expect(config.linux!.target).toEqual(['AppImage', 'deb']);
  });

  it('rebuilds better-sqlite3 for Electron and keeps it out of the asar', () => {
    expect(config.npmRebuild).toBe(true);
    expect(config.asarUnpack).toContain('node_modules/better-sqlite3/**/*.node');
  });

  it('points at the built entry and icons that exist', () => {
    expect(config.extraMetadata!.main).toBe(JSON.parse(readFileSync('package.json', 'utf8')).main);
    expect(existsSync(config.linux!.icon as string)).toBe(true);
    expect(existsSync(config.win!.icon as string)).toBe(true);
  });
});
