"""Every write on instalments: signing the agreement (signature), the schedule (echeancier), the
payment steps (paiements), the amendment's adjustment (avenants). Callers import the module that
holds the step."""
