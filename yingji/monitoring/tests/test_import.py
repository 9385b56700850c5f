"""Sites and sensors import from Excel through the generic register import: a sensor's thresholds are
checked as in the form (blue < yellow < orange < red, or descending for low-limit alarms), sites are
found by code within the user's subtree, and one bad row imports nothing."""

import io

import pytest
from openpyxl import Workbook

from yingji.core.imports import import_rows
from yingji.core.registers import get_register
from yingji.divisions.tests.factories import two_townships
from yingji.monitoring.models import Sensor, Site
from yingji.monitoring.tests.factories import SiteFactory

pytestmark = pytest.mark.django_db

SENSOR_HEADER = ["监测点位", "传感器编码", "名称", "监测类型", "单位", "超上限报警", "蓝色阈值", "黄色阈值",
                 "橙色阈值", "红色阈值", "量程下限", "量程上限"]


def xlsx(header, rows) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_sites_import_into_the_county_subtree_with_sector_by_label():
    world = two_townships()
    town = world.tree["town_a"]
    data = xlsx(["所属区划", "点位编码", "名称", "行业类别", "责任人"],
                [[town.code, "S-001", "东乡化工厂", "危险化学品", "马厂长"]])
    result = import_rows(get_register("monitoring-sites"), actor=world.county_user, data=data)
    assert result.applied, result.error_rows
    site = Site.objects.get(code="S-001")
    assert (site.division, site.sector) == (town, "chemicals")


def test_sensor_thresholds_out_of_order_are_refused_by_row_and_nothing_is_written():
    world = two_townships()
    SiteFactory(division=world.tree["town_a"], code="S-A")
    data = xlsx(SENSOR_HEADER, [
        ["S-A", "gas-ok", "可燃气体", "气体浓度", "%LEL", "是", 10, 20, 30, 40, 0, 100],
        ["S-A", "gas-bad", "可燃气体", "气体浓度", "%LEL", "是", 10, 30, 20, 40, 0, 100],
        ["S-A", "level-low", "水位", "水位", "m", "否", 5, 4, 3, 2, 0, 10],
        ["S-A", "range-bad", "温度", "温度", "℃", "是", 50, 60, 70, 80, 100, 0],
    ])
    result = import_rows(get_register("monitoring-sensors"), actor=world.county_user, data=data)
    assert not result.applied
    assert Sensor.objects.count() == 0
    errors = {row.line: " ".join(row.errors) for row in result.error_rows}
    assert set(errors) == {3, 5}
    assert "蓝<黄<橙<红" in errors[3]
    assert "量程下限必须小于上限" in errors[5]


def test_sensors_are_attached_to_the_site_and_its_division():
    world = two_townships()
    site = SiteFactory(division=world.tree["town_a"], code="S-A")
    data = xlsx(SENSOR_HEADER, [["S-A", "level-low", "水位", "水位", "m", "否", 5, 4, 3, 2, 0, 10]])
    result = import_rows(get_register("monitoring-sensors"), actor=world.county_user, data=data)
    assert result.applied, result.error_rows
    sensor = Sensor.objects.get(code="level-low")
    assert (sensor.site, sensor.division, sensor.rising, sensor.red) == (site, site.division, False, 2.0)


def test_a_site_outside_the_users_subtree_cannot_receive_sensors():
    world = two_townships()
    SiteFactory(division=world.tree["town_b"], code="S-B")
    town_a_user = world.user_a
    town_a_user.role = "county_staff"  # may import, but is homed in township A
    data = xlsx(SENSOR_HEADER, [["S-B", "gas-x", "可燃气体", "气体浓度", "%LEL", "是", 10, 20, 30, 40, 0, 100]])
    result = import_rows(get_register("monitoring-sensors"), actor=town_a_user, data=data)
    assert not result.applied
    assert result.error_rows[0].errors[0].startswith("监测点位：")
    assert not Sensor.objects.exists()
