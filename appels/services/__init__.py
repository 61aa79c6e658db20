"""Every write on calls: the call itself and its grid (appels), an organisation's application
and its screening (demandes), the committee's declarations, scores and decisions (comite).
Callers import the module that holds the step."""
