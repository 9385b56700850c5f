"""A readiness bulletin (达标情况通报, seed 002: the county office 每半月通报一次工作进展情况): the ranking
and the gaps of a division's subtree against one standard on a date, frozen when it is issued so that
the next bulletin can say what improved since."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from yingji.core.models import DomainModel
from yingji.divisions.models import Division
from yingji.readiness.rules import STANDARDS


class Bulletin(DomainModel):
    division = models.ForeignKey(Division, verbose_name=_("通报区划"), on_delete=models.PROTECT, related_name="+")
    standard = models.CharField(_("标准"), max_length=20,
                                choices=[(code, s.label) for code, s in STANDARDS.items()])
    date = models.DateField(_("通报日期"))
    title = models.CharField(_("标题"), max_length=200)
    # {"indicators": [[code, label]], "total", "compliant", "met_counts": [[code, label, n]],
    #  "ranking": [{code, name, rank, scored, compliant, met, possible}], "gaps": [{code, name, missing}],
    #  "gaps_total"} — as it was on the date.
    snapshot = models.JSONField(_("快照"), default=dict, editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("通报人"), null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+", editable=False)

    class Meta:
        verbose_name = _("达标情况通报")
        verbose_name_plural = _("达标情况通报")
        ordering = ["-date", "division__code", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["division", "standard", "date"], condition=Q(deleted_at__isnull=True),
                                    name="readiness_bulletin_once_a_day",
                                    violation_error_message=_("该区划当天已有此标准的通报。")),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def standard_obj(self):
        return STANDARDS[self.standard]

    def previous(self) -> Bulletin | None:
        """The last earlier bulletin of the same division and standard: what this one is compared with."""
        return (Bulletin.objects.filter(division_id=self.division_id, standard=self.standard, date__lt=self.date)
                .order_by("-date", "-pk").first())
