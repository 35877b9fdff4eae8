import { createPublicKey, verify } from 'node:crypto';
import { ackFile, ackPayload, type AckPayload } from '../../../shared/contract/bundle';
import { fieldError } from '../../core/errors';

const refuse = (code: string, message: string, params?: Record<string, string | number>) =>
  fieldError('file', code, message, params);

/**
 * Opens an acknowledgement file and checks it was signed by headquarters' key; throws a refusal
 * (translated at the field) for anything else. Nothing is written here.
 */
export function openAck(bytes: Buffer, hqSigningPem: string | null): AckPayload {
  if (!hqSigningPem) throw refuse('transfer_no_hq_key', 'Headquarters key unknown: enrol this workstation first');
  let file;
  try {
    file = ackFile.parse(JSON.parse(bytes.toString('utf8')));
  } catch {
    throw refuse('transfer_ack_malformed', 'Not a headquarters acknowledgement file');
  }
  const payload = Buffer.from(file.payload, 'base64');
  let signed = false;
  try {
    signed = verify(null, payload, createPublicKey(hqSigningPem), Buffer.from(file.signature, 'base64'));
  } catch {
    signed = false;
  }
  if (!signed) throw refuse('transfer_ack_bad_signature', 'The acknowledgement is not signed by headquarters');
  try {
    return ackPayload.parse(JSON.parse(payload.toString('utf8')));
  } catch {
    throw refuse('transfer_ack_malformed', 'Not a headquarters acknowledgement file');
  }
}

export { refuse };
