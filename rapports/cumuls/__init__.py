"""The dashboard's running totals (models in rapports.models): what each grant contributes
(`contributions`), how the database lists the grants whose contribution changed
(`declencheurs`), how the pending ones are folded in (`services`) and how the dashboard reads
the totals in the shapes of its live queries (`lecture`)."""
