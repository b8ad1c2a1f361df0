"""``greenhouse/directory``: competency, career, people and insights pages."""
