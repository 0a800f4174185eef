"""Loading nomenclature lists from CSV: all or nothing, with the bad rows named."""

import io
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError

from renstra.models import NomenclatureItem, NomenclatureVersion
from renstra.services.nomenclature import kind_from_code, nomenclature_load_csv

pytestmark = pytest.mark.django_db

FIXTURE = Path(__file__).resolve().parents[2] / "renstra" / "fixtures" / "nomenclature-demo.csv"

GOOD = """code,name,indicator,unit
1,URUSAN WAJIB PELAYANAN DASAR,,
1.02,URUSAN PEMERINTAHAN BIDANG KESEHATAN,,
1.02.02,PROGRAM PEMENUHAN UPAYA KESEHATAN,,
1.02.02.2.01,Penyediaan Fasilitas Pelayanan Kesehatan,,
1.02.02.2.01.0002,Pembangunan Puskesmas,Jumlah Puskesmas yang Dibangun,Unit
"""


@pytest.mark.parametrize(
    ("code", "kind"),
    [
        ("1", "urusan"),
        ("1.02", "bidang"),
        ("1.02.02", "program"),
        ("1.02.02.2.01", "kegiatan"),
        ("1.02.02.2.01.0001", "sub_kegiatan"),
        ("X.XX.01", "program"),
        ("1.2", None),
        ("1.02.02.2", None),
    ],
)
def test_kind_from_code(code, kind):
    assert kind_from_code(code) == kind


def test_good_file_loads_with_kinds_derived(planner):
    version = nomenclature_load_csv(
        path_or_file=io.StringIO(GOOD), version_name="uji", level="kabkota", actor=planner
    )
    items = {i.code: i for i in version.items.all()}
    assert len(items) == 5
    assert items["1.02"].kind == "bidang"
    assert items["1.02.02.2.01.0002"].kind == "sub_kegiatan"
    assert items["1.02.02.2.01.0002"].unit == "Unit"
    assert version.loaded_by == planner


def test_file_with_one_bad_row_loads_nothing_and_names_the_row():
    bad = GOOD + "1.02.02.2.01.00x3,Rusak,,\n"
    with pytest.raises(ValidationError) as info:
        nomenclature_load_csv(path_or_file=io.StringIO(bad), version_name="uji", level="kabkota")
    assert any("Baris 7" in m and "1.02.02.2.01.00x3" in m for m in info.value.messages)
    assert not NomenclatureVersion.objects.exists()
    assert not NomenclatureItem.objects.exists()


def test_kind_column_must_agree_and_codes_be_unique():
    text = "kind,code,name\nprogram,1.02.02,P\nkegiatan,1.02.02,Q\n"
    with pytest.raises(ValidationError) as info:
        nomenclature_load_csv(path_or_file=io.StringIO(text), version_name="v", level="kabkota")
    messages = info.value.messages
    assert any(m.startswith("Baris 3") and "baris 2" in m for m in messages)


def test_kegiatan_digit_must_fit_the_level():
    with pytest.raises(ValidationError, match="Baris 5"):
        nomenclature_load_csv(path_or_file=io.StringIO(GOOD), version_name="v", level="provinsi")


def test_command_loads_the_demo_fixture_once():
    out = io.StringIO()
    call_command("load_nomenclature", str(FIXTURE), "--version", "demo", stdout=out)
    version = NomenclatureVersion.objects.get(name="demo", level="kabkota")
    assert version.items.filter(code="1", kind="urusan").exists()
    assert version.items.filter(code="1.02", kind="bidang").exists()
    assert version.items.filter(code="1.02.02.2.01.0002", kind="sub_kegiatan").exists()
    assert "dimuat" in out.getvalue()
    with pytest.raises(CommandError, match="sudah dimuat"):
        call_command("load_nomenclature", str(FIXTURE), "--version", "demo", stdout=out)


def test_command_reports_bad_rows(tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text("code,name\n1.02,\n", encoding="utf-8")
    with pytest.raises(CommandError, match="Baris 2: nama kosong"):
        call_command("load_nomenclature", str(path), "--version", "x", stdout=io.StringIO())
