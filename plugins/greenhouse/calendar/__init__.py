"""Sessions in time: occurrences, calendar feeds and the RSS feed."""
