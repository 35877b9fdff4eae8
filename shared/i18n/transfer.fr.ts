/** French strings of the USB transfer (Synchronisation page), merged into `fr`. */
export const transferFr = {
  transfer: {
    title: 'Transfert par clé USB',
    intro:
      'Sans connexion, exportez ce qui n’a pas encore été reçu par le siège sur une clé USB, puis importez ici l’accusé de réception que le siège vous renvoie.',
    export: 'Exporter vers clé USB',
    progress: 'Avancement de l’export',
    exported: '{records} enregistrements et {files} fichiers exportés dans {file}. Copiez ce fichier sur la clé USB.',
    missingFiles:
      '{count} fichier introuvable sur ce poste n’a pas été exporté. | {count} fichiers introuvables sur ce poste n’ont pas été exportés.',
    ackFile: 'Accusé de réception du siège (fichier .json)',
    acked:
      'Accusé de réception importé : {entries} enregistrements marqués comme reçus, {files} fichiers, {verdicts} décisions.',
  },
  validation: {
    transfer_no_hq_key:
      'La clé du siège est inconnue : enrôlez d’abord ce poste auprès du siège (une fois, avec une connexion).',
    transfer_ack_required: 'Choisissez le fichier d’accusé de réception.',
    transfer_ack_too_big: 'Fichier trop volumineux pour un accusé de réception.',
    transfer_ack_malformed: 'Ce fichier n’est pas un accusé de réception du siège. Rien n’a été modifié.',
    transfer_ack_bad_signature:
      'Cet accusé de réception n’est pas signé par le siège (fichier modifié ou d’une autre origine). Rien n’a été modifié.',
    transfer_ack_other_workstation:
      'Cet accusé de réception concerne un autre poste ou un autre office. Rien n’a été modifié.',
    transfer_ack_unknown_entries:
      'Cet accusé de réception mentionne {count} enregistrement que ce poste n’a jamais envoyé. Rien n’a été modifié. | Cet accusé de réception mentionne {count} enregistrements que ce poste n’a jamais envoyés. Rien n’a été modifié.',
  },
};
