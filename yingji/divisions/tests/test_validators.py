import pytest
from django.core.exceptions import ValidationError

from yingji.divisions.validators import (
    id_check_char,
    level_of_code,
    mask_id_number,
    validate_code_structure,
    validate_id_number,
    validate_phone,
)


@pytest.mark.parametrize("phone", ["13909301234", "+8613909301234", "139 0930 1234", "0930-5612345",
                                   "09305612345", "010-62345678", "0930-5612345-801"])
def test_accepts_mainland_mobiles_and_landlines_with_area_code(phone):
    validate_phone(phone)


@pytest.mark.parametrize("phone", ["12345", "1390930123", "12909301234", "5612345", "0930-012345", "abc"])
def test_rejects_other_phone_numbers_with_a_chinese_message(phone):
    with pytest.raises(ValidationError) as exc:
        validate_phone(phone)
    assert "不是有效的电话号码" in exc.value.messages[0]


def test_id_check_digit_follows_gb11643():
    # The standard's own example: 11010519491231002X.
    assert id_check_char("11010519491231002") == "X"
    validate_id_number("11010519491231002X")
    validate_id_number("11010519491231002x".upper())


@pytest.mark.parametrize(("number", "message"), [
    ("110105194912310021", "校验位不正确"),
    ("11010519491231002", "应为18位"),
    ("1101051949123100AX", "应为18位"),
])
def test_rejects_bad_id_numbers(number, message):
    with pytest.raises(ValidationError) as exc:
        validate_id_number(number)
    assert message in exc.value.messages[0]


def test_masks_id_numbers():
    assert mask_id_number("11010519491231002X") == "110105********002X"
    assert mask_id_number("") == ""


@pytest.mark.parametrize(("code", "level"), [
    ("620000000000", "province"), ("622900000000", "city"), ("622926000000", "county"),
    ("622926100000", "township"), ("622926100201", "village"), ("441900003000", "township"),
])
def test_level_follows_the_significant_digits(code, level):
    assert level_of_code(code) == level


@pytest.mark.parametrize("code", ["62292610000", "6229261000001", "62292610000A", "000000000000", ""])
def test_rejects_malformed_codes(code):
    with pytest.raises(ValidationError):
        level_of_code(code)


def test_rejects_a_level_that_does_not_match_the_code():
    with pytest.raises(ValidationError) as exc:
        validate_code_structure("622926100000", "village")
    assert "不符" in exc.value.messages[0]
