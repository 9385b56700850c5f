import pytest


@pytest.fixture(autouse=True)
def _plan_files(settings, tmp_path):
    settings.YINGJI_PLAN_FILES_ROOT = str(tmp_path / "plan-files")
