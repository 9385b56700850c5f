"""N+1 guard for the list pages: the same queries at village, township and county scope.

Runs the benchmark's measurement once at county scale (fast); times are not asserted.
"""

from io import StringIO

import pytest
from django.core.management import call_command

from bench.list_pages import PAGES, bench_users, measure
from yingji.divisions.synthetic import DEFAULT_PROVINCE_CODE


@pytest.mark.django_db
def test_queries_per_list_page_do_not_grow_with_the_rows_in_scope():
    call_command("seed", scale="county", verbosity=0, stdout=StringIO())
    results = measure(users=bench_users(DEFAULT_PROVINCE_CODE), runs=1)
    for label, _path, _model in PAGES:
        by_scope = {m.scope: m for m in results if m.page == label}
        if by_scope["village"].status == 404:  # a list not built yet (the API is built in parallel)
            continue
        assert {m.status for m in by_scope.values()} == {200}, label
        rows = [by_scope[scope].rows for scope in ("village", "township", "county")]
        queries = [by_scope[scope].queries for scope in ("village", "township", "county")]
        assert rows[0] < rows[1] < rows[2], label
        assert queries[0] == queries[1] == queries[2], (label, rows, queries)
