import type { transferContract } from '../../../shared/contract/transfer';
import type { Handlers } from '../../core/registry';
import { actorOf } from '../auth/actor';
import type { TransferService } from './service';

export const transferHandlers = (transfer: TransferService): Handlers<typeof transferContract> => ({
  'transfer.exportBundle': (_input, ctx) => transfer.exportBundle(actorOf(ctx)),
  'transfer.progress': () => transfer.currentProgress(),
  'transfer.readChunk': ({ exportId, offset }) => transfer.readChunk(exportId, offset),
  'transfer.importAck': ({ base64 }, ctx) => transfer.importAck(actorOf(ctx), base64),
});
