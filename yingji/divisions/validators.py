"""Validation of division codes, phone numbers and resident ID numbers."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from yingji.core.scoping import PREFIX_LENGTH

MOBILE_RE = re.compile(r"^1[3-9]\d{9}$")
# Area code 0 + 2–3 digits (010, 0931…), a 7–8 digit number, an optional extension.
LANDLINE_RE = re.compile(r"^0\d{2,3}-?[2-9]\d{6,7}(-\d{1,6})?$")

LEVELS = ("province", "city", "county", "township", "village")


def normalise_phone(value: str) -> str:
    return re.sub(r"[\s()（）]", "", value or "").replace("—", "-").replace("－", "-")


def validate_phone(value: str) -> None:
    """A mainland mobile number (11 digits) or a landline with its area code."""
    phone = normalise_phone(value)
    if phone.startswith("+86"):
        phone = phone[3:]
    if MOBILE_RE.match(phone) or LANDLINE_RE.match(phone):
        return
    raise ValidationError(
        _("“%(value)s”不是有效的电话号码：手机号应为11位，固定电话应带区号（如 0930-5612345）。"),
        code="invalid_phone", params={"value": value},
    )


ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
ID_CHECK_CHARS = "10X98765432"


def id_check_char(first17: str) -> str:
    """GB 11643-1999 check character (ISO 7064 MOD 11-2)."""
    total = sum(int(d) * w for d, w in zip(first17, ID_WEIGHTS, strict=True))
    return ID_CHECK_CHARS[total % 11]


def validate_id_number(value: str) -> None:
    number = (value or "").strip().upper()
    if not re.fullmatch(r"\d{17}[\dX]", number):
        raise ValidationError(_("身份证号码应为18位（前17位为数字，最后一位为数字或X）。"), code="invalid_id_format")
    if id_check_char(number[:17]) != number[17]:
        raise ValidationError(_("身份证号码校验位不正确，请核对。"), code="invalid_id_checksum")


def mask_id_number(value: str) -> str:
    if not value:
        return ""
    return value[:6] + "*" * (len(value) - 10) + value[-4:]


def level_of_code(code: str) -> str:
    """The level a 12-digit code denotes, from where its significant digits end (RULES.md R10.2)."""
    if not re.fullmatch(r"\d{12}", code or ""):
        raise ValidationError(_("区划代码“%(code)s”应为12位数字。"), code="invalid_code", params={"code": code})
    if code[:2] == "00":
        raise ValidationError(_("区划代码“%(code)s”缺少省级代码。"), code="invalid_code", params={"code": code})
    if code[2:] == "0" * 10:
        return "province"
    if code[4:] == "0" * 8:
        return "city"
    if code[6:] == "0" * 6:
        return "county"
    if code[9:] == "000":
        return "township"
    return "village"


def validate_code_structure(code: str, level: str | None = None) -> str:
    """Checks the code's shape and, when given, that the stated level is the one the code denotes.

    Intermediate all-zero segments are allowed: cities without counties (东莞 4419, 儋州 4604)
    code their townships directly under the city.
    """
    found = level_of_code(code)
    if level and level != found:
        labels = level_labels()
        raise ValidationError(
            _("区划代码“%(code)s”表示%(found)s级，与所填层级“%(level)s”不符。"),
            code="level_mismatch",
            params={"code": code, "found": labels[found], "level": labels.get(level, level)},
        )
    return found


def is_ancestor_code(ancestor_code: str, ancestor_level: str, code: str, level: str) -> bool:
    return LEVELS.index(ancestor_level) < LEVELS.index(level) and code.startswith(
        ancestor_code[: PREFIX_LENGTH[ancestor_level]]
    )


def level_labels() -> dict[str, str]:
    from yingji.divisions.models import Division

    return {value: str(label) for value, label in Division.Level.choices}
