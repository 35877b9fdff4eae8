/** English strings of the USB transfer (Synchronisation page), merged into `en`. */
export const transferEn = {
  transfer: {
    title: 'Transfer by USB drive',
    intro:
      'Without a connection, export what headquarters has not received yet to a USB drive, then import here the acknowledgement headquarters sends back.',
    export: 'Export to USB drive',
    progress: 'Export progress',
    exported: '{records} records and {files} files exported to {file}. Copy this file to the USB drive.',
    missingFiles:
      '{count} file not found on this workstation was not exported. | {count} files not found on this workstation were not exported.',
    ackFile: 'Headquarters acknowledgement (.json file)',
    acked: 'Acknowledgement imported: {entries} records marked as received, {files} files, {verdicts} decisions.',
  },
  validation: {
    transfer_no_hq_key:
      'Headquarters key unknown: enrol this workstation with headquarters first (once, with a connection).',
    transfer_ack_required: 'Choose the acknowledgement file.',
    transfer_ack_too_big: 'File too large for an acknowledgement.',
    transfer_ack_malformed: 'This file is not a headquarters acknowledgement. Nothing was changed.',
    transfer_ack_bad_signature:
      'This acknowledgement is not signed by headquarters (changed file or another origin). Nothing was changed.',
    transfer_ack_other_workstation: 'This acknowledgement is for another workstation or office. Nothing was changed.',
    transfer_ack_unknown_entries:
      'This acknowledgement names {count} record this workstation never sent. Nothing was changed. | This acknowledgement names {count} records this workstation never sent. Nothing was changed.',
  },
};
