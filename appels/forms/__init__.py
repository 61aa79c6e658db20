"""Forms for calls: the call and its grid (appels), the application (demandes), the committee
(comite)."""
