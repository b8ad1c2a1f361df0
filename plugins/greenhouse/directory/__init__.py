"""The directory: competency, career, people and insights pages, computed without MkDocs.

Each function takes the loaded :class:`~greenhouse.model.Content` and, where something
depends on the date, an explicit ``now``; the MkDocs plugin and the CLI only render it.
"""

from greenhouse.directory.careers import Gap, StepView, TrackView, track_view
from greenhouse.directory.competencies import (
    AreaSummary,
    CompetencyPage,
    competency_index,
    competency_page,
)
from greenhouse.directory.insights import Insights, insights
from greenhouse.directory.people import PersonActivity, person_activity, teachers_ranked

__all__ = [
    "AreaSummary",
    "CompetencyPage",
    "Gap",
    "Insights",
    "PersonActivity",
    "StepView",
    "TrackView",
    "competency_index",
    "competency_page",
    "insights",
    "person_activity",
    "teachers_ranked",
    "track_view",
]
