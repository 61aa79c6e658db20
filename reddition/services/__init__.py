"""Every write of the reporting app, one module per subject: `obligations` (what an
organisation owes and the steps of each obligation), `rapports` (the partner's report: draft,
submission, review), `rappels` (the daily reminders), and `courriels` (the addresses and
signature the last two share)."""
