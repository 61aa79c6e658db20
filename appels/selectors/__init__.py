"""Reads for calls: the calls each person may see (appels), applications (demandes), the committee's
progress and the ranking (comite)."""
