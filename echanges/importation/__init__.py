"""Import of organisations and grants from the workbooks officers keep (xlsx or csv).

Flow: `lecture` reads the file (hostile files refused), `colonnes` recognises the headers,
`valeurs` reads each cell as people type it, `analyse` + `regles` check every row against the
database in memory (a handful of queries, none per row), `services.importation_executer` writes
everything in one transaction, or nothing. The web pages (preview, then confirm) and the
`importer` command both call that service.

Choices (domain.md's invariants hold for every imported row; a row that would break one is an
error naming its row and column, and then nothing at all is written):

- Organisations are matched by NEQ, else by name (legal or usual name, accents, case and spaces
  ignored). A name carried by two organisations asks for the NEQ; an unknown organisation is
  created and needs its NEQ. A row whose name is neither the legal nor the usual name of its
  NEQ's organisation (or, for a new NEQ, the name the file first gave it) is an error on the
  NEQ: a NEQ copied from the row above would attach the grant to another organisation. An
  existing organisation only gets a borough it did not have: the import never overwrites an
  officer's record.
- Grants are matched by number (BINAM-2025-014). A row without one is matched by organisation,
  programme and title, so importing the same file twice creates nothing; a new grant without a
  number gets the current year's next one (`subvention_numero_suivant`'s sequence, reserved in
  one locked update); numbers given in the file move their year's sequence past them.
- Programmes and envelopes are reference data set by managers: an unknown programme is an error.
- The status column maps French labels and their variants (`valeurs.STATUTS`); empty, it is
  Approuvée when the resolution and decision date are given, else En analyse. What each step of
  the lifecycle would have asked is asked of the row (`regles._verifier_etape`): recommended or
  later, an amount above zero and both project dates; approved or later, the CE resolution and
  decision date. Montant demandé defaults to montant accordé; accordé ≤ demandé.
- Répartition: the whole montant accordé on the row's Exercice (default: the start date's year),
  which must lie within the project's years, so that Σ répartition = montant accordé. A
  multi-year split can be changed afterwards by an amendment.
- Envelope: approved-or-later grants must fit each programme's envelope for their exercice,
  counting what is already committed; a missing envelope is an error (a manager fixes it first).
  The import records no override: a legacy overrun is settled by a manager before importing.
  The envelopes checked are locked and read again when writing; if an approval or an envelope
  changed in between, nothing is written and the officer is asked to try again.
- An imported grant is assigned to the importing agent (none when a manager imports), gets one
  recorded transition ("" → its status, by the importer, naming the import), and a cancelled one
  a standard cancellation reason. Signed-or-later grants get no instalment schedule nor
  reporting obligations: those are set up afterwards on the grant's page, as for an amendment.
- An existing grant is updated only in its title, dates, resolution and decision date (and in its
  amounts while still under analysis); its status never changes by import (the lifecycle steps
  do that), and its organisation or programme neither.
- Grants are written with bulk inserts (the services' per-row locks and queries would take
  minutes for 20,000 rows); the same rules are checked in `regles`, by `clean_fields()` and
  `clean()` of the model, and history rows are written in bulk too, with the import as change
  reason and the importer as user.
- Amounts are read as the app's money fields read them (`noyau.forms.MontantFormField`): spaces
  group thousands, a lone comma is the decimal mark, and a single comma or dot followed by
  exactly three digits (`12,500`, `$1,000`, `1.500`: thousands or cents?) is refused as ambiguous
  rather than read as cents, a thousandfold error. A number cell's float within a millionth of a
  cent (a formula's leftover: 13750.000000000002) is that cent; every refusal quotes the value.
  A number cell formatted as a percentage (0.15 shown as 15 %) is an error in an amount column,
  where it would be read as 0,15 $ (`lecture.Pourcentage`).
- Two headers naming the same column (a hidden « Montant accordé (ancien) » beside « Montant
  accordé ») refuse the file, naming both and their column letters: which holds the data
  cannot be guessed.
- One sheet is read: the one the workbook opens on (its active tab) when visible, else the
  first visible one (`bornes._parties`, which `lecture` follows); the preview names it, and so
  does the refusal of a workbook whose sheet read has no header row.
- A formula cell is read as the value the spreadsheet last computed (openpyxl `data_only`); a
  formula never computed (a workbook written by a program, never opened in a spreadsheet) is an
  error of its cell, found by a second streamed pass over the sheet when it holds formulas.
- A merged range holds its value in its first (top-left) cell only: each other cell it covers,
  in a row and a column the import reads, is an error that names the merge (`B3:B7`), never
  filled in (an amount merged over two rows would count twice). openpyxl's read-only mode does
  not read merges: `bornes` collects them (25,000 at most) while it counts the sheet.
- Limits (`lecture`, checked on the zip's bytes by `bornes` before openpyxl opens it): at most
  25,000 rows of data, none below row 50,000, 60 columns read, and 3 million cells (60 × 50,000),
  empty ones included, in the rows up to 50,000: openpyxl builds every cell of a row, even empty
  or beyond column 60, and 50,000 rows of 440 empty cells (a 3 MB file) took 43 s a reading.
"""
