from django.utils import timezone

from yingji.workreports.models import Submission, SubmissionNote
from yingji.workreports.tests.factories import campaign, content, due


def populate(world) -> None:
    for town in ("town_a", "town_b"):
        division = world.tree[town]
        campaign(division)
        report = due(division)
        submission = Submission.objects.create(due=report, division=division, submitted_at=timezone.now(),
                                               content=content(report.template))
        SubmissionNote.objects.create(submission=submission, division=division, text="补充：演练人数更正为120人")
