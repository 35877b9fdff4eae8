import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A studio's photo number belongs to one candidate: the check before saving a photo looks the
 * number up. Without an index that lookup read every dossier of the season; most dossiers carry no
 * number, so the index holds only those that do.
 */
export class DossierPhotoNumber1765700000000 implements MigrationInterface {
  name = 'DossierPhotoNumber1765700000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX dossier_photo_number ON dossier (photo_number) WHERE photo_number IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX dossier_photo_number`);
  }
}
