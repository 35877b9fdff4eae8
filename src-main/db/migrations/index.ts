import { Foundation1764000000000 } from './1764000000000-Foundation';
import { Registration1764100000000 } from './1764100000000-Registration';
import { Payments1764200000000 } from './1764200000000-Payments';
import { Sync1764400000000 } from './1764400000000-Sync';
import { Dossier1764500000000 } from './1764500000000-Dossier';
import { Imports1764600000000 } from './1764600000000-Imports';
import { SyncFiles1764800000000 } from './1764800000000-SyncFiles';
import { Preregistrations1765200000000 } from './1765200000000-Preregistrations';
import { RegistrationCreatedAt1765300000000 } from './1765300000000-RegistrationCreatedAt';
import { AuditCheckpoint1765400000000 } from './1765400000000-AuditCheckpoint';
import { CandidateSearchIndexedBySave1765500000000 } from './1765500000000-CandidateSearchIndexedBySave';
import { PasswordChangeRequired1765600000000 } from './1765600000000-PasswordChangeRequired';
import { DossierPhotoNumber1765700000000 } from './1765700000000-DossierPhotoNumber';
import { PaymentGroup1765800000000 } from './1765800000000-PaymentGroup';
import { CandidateUsageName1765900000000 } from './1765900000000-CandidateUsageName';
import { CandidateBirthCountry1766000000000 } from './1766000000000-CandidateBirthCountry';
import { SettingOfficeCountry1766100000000 } from './1766100000000-SettingOfficeCountry';
import { VerdictPerHq1766200000000 } from './1766200000000-VerdictPerHq';
import { CandidateBirthDepartment1766300000000 } from './1766300000000-CandidateBirthDepartment';
import { PieceCheck1766400000000 } from './1766400000000-PieceCheck';

/** In order. Each file is named `<unix ms>-<Name>.ts` and has a test in test/integration/migrations. */
export const migrations = [
  Foundation1764000000000,
  Registration1764100000000,
  Payments1764200000000,
  Sync1764400000000,
  Dossier1764500000000,
  Imports1764600000000,
  SyncFiles1764800000000,
  Preregistrations1765200000000,
  RegistrationCreatedAt1765300000000,
  AuditCheckpoint1765400000000,
  CandidateSearchIndexedBySave1765500000000,
  PasswordChangeRequired1765600000000,
  DossierPhotoNumber1765700000000,
  PaymentGroup1765800000000,
  CandidateUsageName1765900000000,
  CandidateBirthCountry1766000000000,
  SettingOfficeCountry1766100000000,
  VerdictPerHq1766200000000,
  CandidateBirthDepartment1766300000000,
  PieceCheck1766400000000,
];
