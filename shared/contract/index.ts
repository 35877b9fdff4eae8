import { authContract } from './auth';
import { auditContract } from './audit';
import { candidatesContract } from './candidates';
import { dossierContract, inboxContract } from './dossier';
import { draftsContract } from './drafts';
import { maintenanceContract } from './maintenance';
import { excelContract, reportsContract } from './excel';
import { paymentsContract } from './payments';
import { preregContract } from './prereg';
import { printingContract } from './printing';
import { referenceContract } from './reference';
import { registrationsContract } from './registrations';
import { syncContract } from './sync';
import { transferContract } from './transfer';
import { settingsContract } from './settings';
import { setupContract } from './setup';
import { usersContract } from './users';

export * from './channel';
export * from './result';

/** Every channel of the app, declared once. Areas add their table here. */
export const contract = {
  ...setupContract,
  ...authContract,
  ...usersContract,
  ...settingsContract,
  ...auditContract,
  ...draftsContract,
  ...referenceContract,
  ...candidatesContract,
  ...registrationsContract,
  ...paymentsContract,
  ...printingContract,
  ...syncContract,
  ...maintenanceContract,
  ...excelContract,
  ...reportsContract,
  ...dossierContract,
  ...inboxContract,
  ...transferContract,
  ...preregContract,
};

export type AppContract = typeof contract;
export type ChannelName = keyof AppContract & string;
