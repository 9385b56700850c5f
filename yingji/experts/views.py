"""Pages: the expert list with a domain filter, and the public expert list (public fields only)."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from yingji.experts import selectors

PUBLIC_PAGE_SIZE = 50


@require_GET
@cache_control(public=True, max_age=300)
def public_experts(request):
    """No login: name, domains, title, organisation and level — never a phone number."""
    domain = request.GET.get("domain", "")
    page = Paginator(selectors.public_experts(domain), PUBLIC_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "experts/public.html", {"title": _("应急专家"), "page": page, "domain": domain,
                                                   "domains": selectors.domain_choices()})
