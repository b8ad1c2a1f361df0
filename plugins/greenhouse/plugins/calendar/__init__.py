"""``greenhouse/calendar``: /calendar/, the .ics feeds and /feed.xml."""
