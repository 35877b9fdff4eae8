/** French strings of the Excel area (school lists, exports, reports), merged into `fr`. */
export const excelFr = {
  rules: {
    individual_only: 'Cet examen s’inscrit individuellement au guichet, pas par liste d’établissement.',
  },
  validation: {
    file_too_big: 'Fichier trop volumineux.',
    xlsx_pdf: 'Ce fichier est un PDF renommé, pas un classeur Excel : enregistrez la liste au format .xlsx.',
    xlsx_old_xls: 'Ancien format Excel (.xls) : ouvrez le fichier dans Excel et enregistrez-le au format .xlsx.',
    xlsx_encrypted: 'Classeur protégé par un mot de passe : enregistrez-le sans mot de passe, puis réessayez.',
    xlsx_text: 'Fichier texte (CSV) : utilisez le modèle Excel (.xlsx) fourni par l’office.',
    xlsx_not_xlsx: 'Ce fichier n’est pas un classeur Excel (.xlsx).',
    xlsx_corrupt: 'Classeur illisible ou endommagé : enregistrez-le à nouveau au format .xlsx.',
    xlsx_empty: 'Aucune feuille de candidats dans ce classeur.',
    xlsx_missing_columns: 'Colonnes absentes : {columns}. Utilisez le modèle sans supprimer de colonne.',
    xlsx_columns_renamed:
      'Colonnes absentes : {columns} ; colonnes non reconnues : {unknown}. Ne renommez pas les colonnes du modèle.',
    xlsx_too_many_rows: 'Le fichier compte {rows} lignes : {max} au maximum par import. Découpez la liste.',
    already_imported: 'Ce fichier a déjà été importé le {at} par {clerk} ({count} inscriptions).',
    import_has_errors: '{count} ligne(s) en erreur : corrigez-les ou importez seulement les lignes valides.',
    nothing_to_import: 'Aucune ligne valide à importer.',
    individual_only: 'Cet examen s’inscrit individuellement au guichet, pas par liste d’établissement.',
    cell_formula: 'formule dans la cellule {cell} : saisissez la valeur elle-même.',
    cell_error: 'erreur de calcul dans la cellule {cell}.',
    cell_merged: 'cellules fusionnées ({range}) : annulez la fusion.',
    date_text: 'date illisible « {value} » : saisissez-la sous la forme jj/mm/aaaa.',
    list_value: 'valeur « {value} » absente de la liste ({allowed}).',
    duplicate_in_file: 'même candidat que la ligne {row} du fichier.',
    duplicate_national_id_db: 'pièce d’identité déjà enregistrée (candidat N° {number}) : inscrivez-le au guichet.',
    possible_duplicate_db:
      'candidat ressemblant déjà enregistré (N° {number}, même date de naissance) : vérifiez au guichet.',
  },
};
